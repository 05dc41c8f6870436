/**
 * Graph's Resumable Upload API as a client drives it: open a session for the file, send its bytes
 * from offset 0 with the token in an `OAuth` header, and keep the handle (`h`) the last part answers.
 */
export async function uploadHandle(baseUrl: string, token: string, bytes: Uint8Array, fileType: string, fileName = 'file'): Promise<string> {
  const opened = await fetch(`${baseUrl}/v21.0/app/uploads?file_name=${encodeURIComponent(fileName)}&file_length=${bytes.length}&file_type=${encodeURIComponent(fileType)}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
  });
  const { id } = (await opened.json()) as { id: string };
  const sent = await fetch(`${baseUrl}/v21.0/${id}`, { method: 'POST', headers: { authorization: `OAuth ${token}`, file_offset: '0' }, body: bytes });
  const answer = (await sent.json()) as { h?: string };
  if (answer.h === undefined) throw new Error(`the upload gave no handle: ${JSON.stringify(answer)}`);
  return answer.h;
}
