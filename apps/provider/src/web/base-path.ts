/** Path prefix of the public URL as browsers see it (`/applink` for https://tools.example.com/applink), '' at the root. */
export function publicBasePath(publicUrl: string): string {
  return new URL(publicUrl).pathname.replace(/\/+$/, '');
}
