// Reads the mails a test SMTP server kept in a Maildir (`python3 -m aiosmtpd -n -l
// 127.0.0.1:PORT -c aiosmtpd.handlers.Mailbox DIR`): each mail is a file in DIR/new/.
// Just enough MIME for our mails: headers, multipart bodies, quoted-printable and base64.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Splits a message (or a MIME part) into lower-cased headers and the raw body. */
function splitMessage(raw) {
  const text = raw.replace(/\r\n/g, '\n');
  const end = text.indexOf('\n\n');
  const head = end < 0 ? text : text.slice(0, end);
  const body = end < 0 ? '' : text.slice(end + 2);
  const headers = {};
  for (const line of head.replace(/\n[ \t]+/g, ' ').split('\n')) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  return { headers, body };
}

function decodeBody(headers, body) {
  const encoding = (headers['content-transfer-encoding'] ?? '7bit').toLowerCase();
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding === 'quoted-printable') {
    const bytes = body
      .replace(/=\n/g, '')
      .replace(/=([0-9A-Fa-f]{2})/g, (_, hex) => String.fromCharCode(parseInt(hex, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return body;
}

/** The text of every text part of a message, decoded. */
export function mailText(raw) {
  const { headers, body } = splitMessage(raw);
  const type = headers['content-type'] ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (/^multipart\//i.test(type) && boundary) {
    return body
      .split(`--${boundary}`)
      .slice(1)
      .filter((part) => !part.startsWith('--'))
      .map((part) => mailText(part.replace(/^\n/, '')))
      .join('\n');
  }
  return /^text\//i.test(type) ? decodeBody(headers, body) : '';
}

/** Every mail in the Maildir: { file, to, subject, text }. */
export function readMails(maildir) {
  const dir = join(maildir, 'new');
  let files = [];
  try {
    files = readdirSync(dir).sort();
  } catch {
    return [];
  }
  return files.map((file) => {
    const raw = readFileSync(join(dir, file), 'utf8');
    const { headers } = splitMessage(raw);
    return { file, to: headers.to ?? '', subject: headers.subject ?? '', text: mailText(raw) };
  });
}

/**
 * Waits for a mail to `address` that has a link to `path` (e.g. `/account/verify`) and was
 * not seen before (`seen`: file names); returns the link.
 */
export async function waitForLink(maildir, address, path, seen = new Set(), ms = 30_000) {
  const until = Date.now() + ms;
  const pattern = new RegExp(`https?://[^\\s"'<>]+${path.replace(/\//g, '\\/')}\\?token=[^\\s"'<>]+`);
  while (Date.now() < until) {
    for (const mail of readMails(maildir)) {
      if (seen.has(mail.file) || !mail.to.toLowerCase().includes(address.toLowerCase())) continue;
      const link = pattern.exec(mail.text)?.[0];
      if (link) {
        seen.add(mail.file);
        return link;
      }
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`no mail to ${address} with a ${path} link within ${ms / 1000} s (${readMails(maildir).length} mails in ${maildir})`);
}
