import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const KEYS = join(__dirname, '../../../../test/fixtures/keys');

/** The test-only RSA-2048 consumer key pair (copied from the shared interop keys). Never used outside tests. */
export const TEST_RSA_PRIVATE_KEY_PEM = readFileSync(join(KEYS, 'test-consumer-rsa2048.key.pem'), 'utf8');
export const TEST_RSA_PUBLIC_KEY_PEM = readFileSync(join(KEYS, 'test-consumer-rsa2048.pub.pem'), 'utf8');
