/** An http(s) URL with a host: what a media link, a call-to-action button or a product image must be. */
export function isWebUrl(text: string): boolean {
  if (!URL.canParse(text)) return false;
  const url = new URL(text);
  return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.length > 0;
}
