import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { School } from '../organisation/organisation.entities';
import { User } from '../users/user.entity';
import { AccountService } from './account.service';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { LoginFailure, RecoveryCode, UserMfa } from './identity.entities';
import { SignInThrottle } from './login-throttle';
import { MfaService } from './mfa.service';
import { SessionCache } from './session-cache';
import { Session } from './session.entity';

@Module({
  imports: [TypeOrmModule.forFeature([User, Session, School, UserMfa, RecoveryCode, LoginFailure])],
  controllers: [AuthController],
  providers: [AuthService, SessionCache, MfaService, AccountService, SignInThrottle, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [AuthService, AccountService],
})
export class AuthModule {}
