import { AdminApiTokenEntity } from './admin-auth/admin-api-token.entity';
import { SessionEntity } from './accounts/session.entity';
import { UserEntity } from './accounts/user.entity';
import { ServiceIdentityEntity } from './applinks/service-identity.entity';
import { AuditEventEntity } from './audit/audit-event.entity';
import { ConsumerEntity } from './consumers/consumer.entity';
import { AccessTokenEntity } from './oauth/access-token.entity';
import { NonceEntity } from './oauth/nonce.entity';
import { RequestTokenEntity } from './oauth/request-token.entity';
import { RemoteAppEntity } from './remote-apps/remote-app.entity';
import { RemoteTokenEntity } from './remote-apps/remote-token.entity';
import { BuildEntity } from './resources/projects/build.entity';
import { ProjectEntity } from './resources/projects/project.entity';

/**
 * Every TypeORM entity of the service. The data source (app, CLI, ormconfig.ts) needs the full list to check
 * migrations against; each entity is still registered with TypeOrmModule.forFeature only in the module that owns it.
 */
export const ENTITIES = [
  UserEntity,
  SessionEntity,
  AdminApiTokenEntity,
  AuditEventEntity,
  ConsumerEntity,
  RequestTokenEntity,
  AccessTokenEntity,
  NonceEntity,
  ProjectEntity,
  BuildEntity,
  ServiceIdentityEntity,
  RemoteAppEntity,
  RemoteTokenEntity,
];
