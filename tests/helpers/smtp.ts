// A real SMTP server on loopback that keeps what it receives, for the e-mail digest's tests.
import type { AddressInfo } from "node:net";

import { SMTPServer } from "smtp-server";

export interface Mail {
  /** One recipient: a message to several is kept once per recipient. */
  to: string;
  text: string;
}

export async function startSmtpCapture(): Promise<{ url: string; mails: Mail[]; close(): Promise<void> }> {
  const mails: Mail[] = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    onData(stream, session, done) {
      let data = "";
      stream.on("data", (chunk: Buffer) => (data += chunk.toString()));
      stream.on("end", () => {
        // Quoted-printable, as nodemailer sends text with some non-ASCII in it: undo soft breaks
        // and escapes, then read the bytes as UTF-8.
        const bytes = data
          .replace(/=\r?\n/g, "")
          .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
        let text = Buffer.from(bytes, "latin1").toString("utf8");
        // Base64, as nodemailer sends text that is mostly not ASCII (Russian, say): the body decoded.
        const split = text.search(/\r?\n\r?\n/);
        if (split > 0 && /^Content-Transfer-Encoding: base64$/im.test(text.slice(0, split))) {
          const body = text.slice(split).replace(/\s+/g, "");
          text = `${text.slice(0, split)}\n\n${Buffer.from(body, "base64").toString("utf8")}`;
        }
        for (const to of session.envelope.rcptTo) mails.push({ to: to.address, text });
        done();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  return {
    url: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`,
    mails,
    close: () => new Promise<void>((resolve) => smtp.close(() => resolve())),
  };
}
