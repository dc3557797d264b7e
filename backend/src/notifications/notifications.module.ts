import { Module } from '@nestjs/common';
import { Mailer } from './mailer';
import { NotificationsController } from './notifications.controller';
import { ReminderService } from './reminder.service';

@Module({ controllers: [NotificationsController], providers: [Mailer, ReminderService], exports: [ReminderService, Mailer] })
export class NotificationsModule {}
