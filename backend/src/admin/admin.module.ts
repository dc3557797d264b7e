import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module';
import { AccountsAdminService } from './accounts.service';
import { AdminController } from './admin.controller';
import { UnitsAdminService } from './units.service';

/** Administration of units and accounts (issue #5, docs/administration.md). */
@Module({ imports: [NotificationsModule], controllers: [AdminController], providers: [AccountsAdminService, UnitsAdminService] })
export class AdminModule {}
