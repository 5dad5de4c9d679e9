import { describe, expect, it } from 'vitest';

import { parseOAuthChallenge, REAUTHORIZE_PROBLEMS } from './www-authenticate';

describe('parseOAuthChallenge', () => {
  it('reads Atlassian\'s problem challenge', () => {
    expect(parseOAuthChallenge('OAuth realm="https%3A%2F%2Fbb.example.com", oauth_problem="token_rejected", oauth_problem_advice="Token%20was%20revoked"')).toEqual({
      realm: 'https://bb.example.com',
      oauth_problem: 'token_rejected',
      oauth_problem_advice: 'Token was revoked',
    });
  });

  it('tolerates unquoted values, other schemes first and no parameters', () => {
    expect(parseOAuthChallenge('Basic realm="x", OAuth oauth_problem=timestamp_refused')).toMatchObject({ oauth_problem: 'timestamp_refused' });
    expect(parseOAuthChallenge('OAuth realm="https://bb"')).toEqual({ realm: 'https://bb' });
    expect(parseOAuthChallenge('OAuth')).toEqual({});
  });

  it('ignores other schemes and missing headers', () => {
    expect(parseOAuthChallenge(null)).toBeNull();
    expect(parseOAuthChallenge('Bearer error="invalid_token"')).toBeNull();
    expect(parseOAuthChallenge('OAuthX a="b"')).toBeNull();
  });

  it('knows which problems make Atlassian drop the token', () => {
    expect([...REAUTHORIZE_PROBLEMS].sort()).toEqual(['token_expired', 'token_rejected', 'token_revoked']);
  });
});
