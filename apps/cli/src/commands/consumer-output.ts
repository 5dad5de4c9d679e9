import type { ConsumerEntity } from '../../../provider/src/consumers/consumer.entity';
import { buildSetupValues } from '../../../provider/src/consumers/consumer-setup';
import { ConsumerResponseDto } from '../../../provider/src/consumers/dto/consumer-response.dto';
import { printFields, printJson } from '../cli-io';

/** Prints a consumer (and a new secret, this once) as text or JSON, with the values to paste into Bitbucket/Jira. */
export function printConsumer(consumer: ConsumerEntity, publicUrl: string, json: boolean | undefined, sharedSecret?: string | null): void {
  const dto = ConsumerResponseDto.from(consumer);
  const setup = buildSetupValues(consumer, publicUrl);
  if (json) {
    printJson(sharedSecret === undefined ? { ...dto, setup } : { ...dto, sharedSecret, setup });
    return;
  }
  printFields({
    'Consumer key': dto.consumerKey,
    Name: dto.name,
    Description: dto.description,
    'Signature methods': dto.signatureMethods,
    'Shared secret': dto.hasSharedSecret ? (sharedSecret ? '(shown below, once)' : 'set (never shown again)') : null,
    'Public key': dto.publicKey ? `${dto.publicKey.bits} bits, SHA-256 ${dto.publicKey.fingerprintSha256}` : null,
    'Callback URL': dto.callbackUrl,
    '3-legged': dto.allowThreeLegged,
    '2-legged': dto.allowTwoLegged,
    'Execute as': dto.twoLeggedExecuteAs,
    Impersonation: dto.allowImpersonation,
    'Token renewal': dto.allowTokenRenewal,
    Enabled: dto.enabled,
    'Application URL': setup.applicationUrl,
    'Request token URL': setup.requestTokenUrl,
    'Access token URL': setup.accessTokenUrl,
    'Authorize URL': setup.authorizeUrl,
  });
  if (sharedSecret) {
    process.stdout.write(`\nShared secret (shown only now; store it in the other application):\n${sharedSecret}\n`);
  }
}
