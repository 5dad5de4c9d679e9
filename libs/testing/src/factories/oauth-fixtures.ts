import { randomBytes } from 'node:crypto';

import type { INestApplicationContext } from '@nestjs/common';

import type { UserEntity } from '../../../../apps/provider/src/accounts/user.entity';
import { UsersService } from '../../../../apps/provider/src/accounts/users.service';
import type { ConsumerEntity } from '../../../../apps/provider/src/consumers/consumer.entity';
import type { CreateConsumerInput } from '../../../../apps/provider/src/consumers/consumer.types';
import { ConsumersService } from '../../../../apps/provider/src/consumers/consumers.service';

import type { TestConsumerCredentials } from '../signed-agent';

import { TEST_RSA_PRIVATE_KEY_PEM, TEST_RSA_PUBLIC_KEY_PEM } from './test-fixture-keys';

const TEST_ACTOR = { label: 'test' };

/** A registered consumer together with what its client holds. */
export interface TestConsumer {
  entity: ConsumerEntity;
  credentials: TestConsumerCredentials;
}

export type TestConsumerOptions = Partial<Omit<CreateConsumerInput, 'signatureMethods' | 'publicKey' | 'sharedSecret'>> & {
  method?: 'HMAC-SHA1' | 'RSA-SHA1' | 'PLAINTEXT';
};

const unique = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`;

/**
 * Registers a consumer through the real ConsumersService (sealed secret or parsed RSA key), HMAC-SHA1 by default,
 * with the callback base `https://consumer.test/callback`, and returns the client's credentials for signedAgent().
 */
export async function createTestConsumer(app: INestApplicationContext, options: TestConsumerOptions = {}): Promise<TestConsumer> {
  const { method = 'HMAC-SHA1', ...settings } = options;
  const consumerKey = settings.consumerKey ?? unique('consumer');
  const rsa = method === 'RSA-SHA1';
  const created = await app.get(ConsumersService).create(TEST_ACTOR, {
    name: settings.name ?? `Test ${consumerKey}`,
    callbackUrl: 'https://consumer.test/callback',
    ...settings,
    consumerKey,
    signatureMethods: [method],
    ...(rsa && { publicKey: TEST_RSA_PUBLIC_KEY_PEM }),
  });
  const credentials: TestConsumerCredentials = rsa
    ? { key: consumerKey, method, privateKeyPem: TEST_RSA_PRIVATE_KEY_PEM }
    : { key: consumerKey, method, secret: created.sharedSecret! };
  return { entity: created.consumer, credentials };
}

/** Creates an enabled user through the real UsersService. */
export function createTestUser(app: INestApplicationContext, options: { username?: string; role?: 'user' | 'admin'; password?: string } = {}): Promise<UserEntity> {
  const username = options.username ?? unique('user');
  return app.get(UsersService).create({ username, displayName: `User ${username}`, role: options.role ?? 'user', ...(options.password && { password: options.password }) });
}
