/** An example SPKI public key for the OpenAPI document (a test key; it verifies nothing of value). */
export const EXAMPLE_PUBLIC_KEY =
  '-----BEGIN PUBLIC KEY-----\n' +
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAuB9AN4MoguxpKum7Kvnz\n' +
  'OgIg+wk6UKaauVNu7onIzr5JGqYamHpC7QdiC9x4URSL2QB6J9Izqv/H+T7n1pB2\n' +
  'yUbm48H9F2QL8Q298nlkRPLI6zbkC0ZuAK29hNidOFcMnPOdIZbYeG9F+xYxIgvH\n' +
  'axXJq1OeQ8qK9QIrvr2sUF2mkzqBgBeZPuJ8w5WZEu5fnZ/abLIYvw70C7EGBT/2\n' +
  'YwLTG1IB/AOY8kvp/ExJBiE6QieJ2lmRKUjCuzo58U6wyMkUrF0I27PdiQFZ/vBT\n' +
  'Kp+2x5Ld90hHmMgiVRPfoa7BPl95XVUe7+yzUTBIVk/2+B3h5awkIrExiTDMkih7\n' +
  'kQIDAQAB\n' +
  '-----END PUBLIC KEY-----\n';

export const EXAMPLE_FINGERPRINT = '6d1c0e2b8a3f4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6';
