/** PEM text as is, or base64 of PEM (what DescribeCluster and kubeconfig data fields hold); undefined otherwise. */
export function decodeCa(value: string): string | undefined {
  const text = value.trim();
  if (text.includes('-----BEGIN CERTIFICATE-----')) return text;
  if (!/^[A-Za-z0-9+/=\s]+$/.test(text)) return undefined;
  const decoded = Buffer.from(text, 'base64').toString('utf8');
  return decoded.includes('-----BEGIN CERTIFICATE-----') ? decoded : undefined;
}
