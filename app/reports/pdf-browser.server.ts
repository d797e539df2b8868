// The Chromium that prints PDF reports (report-pdf.server.ts), driven by playwright-core: one
// browser for the process, launched at the first PDF and kept for the next ones, closed when the
// server stops (closePdfRenderer, from server/start.ts); at most two reports print at once, a few
// more wait their turn.
import { existsSync } from "node:fs";

import { type Browser, chromium } from "playwright-core";

import { env } from "~/config/env.server.ts";
import { DomainError } from "~/domain/errors.server.ts";

const MAX_RENDERS = 2;
const MAX_WAITING = 8;

// The same flags as the browser tests' (tests/helpers/browser.ts): headless, and quiet on the network.
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** A PDF the server cannot make now (503): the sentence (a reports:pdf.* key) says what to do instead. */
export class PdfUnavailableError extends DomainError {
  constructor(message: string) {
    super(503, message);
  }
}

const chromiumPath = () => env().CHROMIUM_PATH ?? "/usr/bin/chromium";

interface Renderer {
  browser: Promise<Browser> | null;
  running: number;
  waiting: (() => void)[];
}

// On globalThis because both the Express entry (which closes it) and the Remix server bundle
// (which prints) import this module: one browser, whichever copy asks.
const KEY = Symbol.for("follow-up.pdf-browser");
const renderer = (): Renderer =>
  ((globalThis as { [KEY]?: Renderer })[KEY] ??= { browser: null, running: 0, waiting: [] });

/** Refuses (503) where Chromium is not installed, before any work is done for a PDF. */
export function assertPdfAvailable(path = chromiumPath()): void {
  if (!existsSync(path)) {
    throw new PdfUnavailableError("reports:pdf.noChromium");
  }
}

/** The browser, launched if need be. */
export function pdfBrowser(): Promise<Browser> {
  const r = renderer();
  if (!r.browser) {
    const launching = chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
    r.browser = launching;
    // A browser that crashed or failed to start is launched afresh next time.
    const forget = () => {
      if (r.browser === launching) r.browser = null;
    };
    launching.then((b) => b.on("disconnected", forget), forget);
  }
  return r.browser;
}

/** Waits for one of the MAX_RENDERS turns; returns what gives it back. */
export async function printTurn(): Promise<() => void> {
  const r = renderer();
  if (r.running < MAX_RENDERS) r.running++;
  else if (r.waiting.length >= MAX_WAITING) {
    throw new PdfUnavailableError("reports:pdf.busy");
  } else await new Promise<void>((resolve) => r.waiting.push(resolve));
  // The turn passes straight to the next in line, if any.
  return () => {
    const next = r.waiting.shift();
    if (next) next();
    else r.running--;
  };
}

/** Closes the browser, if one was launched: when the server stops. */
export async function closePdfRenderer(): Promise<void> {
  const r = renderer();
  const launched = r.browser;
  r.browser = null;
  const b = await launched?.catch(() => null);
  await b?.close();
}
