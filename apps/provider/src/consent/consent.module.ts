import { Module } from '@nestjs/common';

import { AccountsModule } from '../accounts/accounts.module';
import { OAuthModule } from '../oauth/oauth.module';
import { ApplicationsController } from './applications.controller';
import { ConsentController } from './consent.controller';

/** The consent page (GET/POST /oauth/authorize and the Atlassian alias) and the "Authorized applications" pages. */
@Module({
  imports: [AccountsModule, OAuthModule],
  controllers: [ConsentController, ApplicationsController],
})
export class ConsentModule {}
