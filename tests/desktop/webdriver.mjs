// Plain W3C WebDriver over HTTP for the desktop tests (tauri-driver in front of
// WebKitWebDriver): sessions on the app's binary, elements by CSS selector, waiting without
// timing asserts (a deadline only ends a wait that would otherwise hang).
//
//   const w = webdriver('http://127.0.0.1:4444');
//   const sid = await w.open('/path/to/ladeklar-desktop');
//   await w.click(sid, '[data-testid="header-sign-in"]');

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls `fn` until it returns something truthy; the last error is in the timeout's message. */
export async function waitFor(what, fn, timeoutMs = 60000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    await sleep(250);
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${last.message}` : ''}`);
}

export function webdriver(driver) {
  async function wd(method, path, body) {
    const res = await fetch(`${driver}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await res.json();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json.value;
  }

  /** Every element matching a CSS selector (their WebDriver ids). */
  async function all(sid, css) {
    const found = await wd('POST', `/session/${sid}/elements`, { using: 'css selector', value: css });
    return found.map((e) => Object.values(e)[0]);
  }

  /** The first element matching a CSS selector (its WebDriver id), or null. */
  async function find(sid, css) {
    return (await all(sid, css))[0] ?? null;
  }

  async function text(sid, css) {
    const id = await find(sid, css);
    return id ? wd('GET', `/session/${sid}/element/${id}/text`) : null;
  }

  async function attribute(sid, css, name) {
    const id = await find(sid, css);
    return id ? wd('GET', `/session/${sid}/element/${id}/attribute/${name}`) : null;
  }

  async function click(sid, css) {
    const id = await waitFor(css, () => find(sid, css));
    await wd('POST', `/session/${sid}/element/${id}/click`, {});
  }

  async function type(sid, css, value) {
    const id = await waitFor(css, () => find(sid, css));
    await wd('POST', `/session/${sid}/element/${id}/clear`, {});
    await wd('POST', `/session/${sid}/element/${id}/value`, { text: value });
  }

  /** Runs a script in the page (its `arguments` are `args`) and returns its value. */
  function run(sid, script, args = []) {
    return wd('POST', `/session/${sid}/execute/async`, {
      script: `const done = arguments[arguments.length - 1]; Promise.resolve((async (...args) => { ${script} })(...Array.from(arguments).slice(0, -1))).then(done, (e) => done({ error: String(e) }));`,
      args,
    });
  }

  /** Starts the app: a window, and the session that drives it. */
  async function open(binary) {
    const session = await wd('POST', '/session', {
      capabilities: { alwaysMatch: { browserName: 'wry', 'tauri:options': { application: binary } } },
    });
    return session.sessionId;
  }

  /** Ends the session: the app quits. */
  async function close(sid) {
    await wd('DELETE', `/session/${sid}`).catch(() => {});
  }

  /** Saves what the window shows as `name`.png under SCREENSHOT_DIR, when set. */
  async function screenshot(sid, name) {
    if (!process.env.SCREENSHOT_DIR) return;
    const png = await wd('GET', `/session/${sid}/screenshot`).catch(() => null);
    if (!png) return;
    const { writeFile } = await import('node:fs/promises');
    await writeFile(`${process.env.SCREENSHOT_DIR}/${name}.png`, Buffer.from(png, 'base64'));
  }

  /** The page's text, for a failure's message. */
  function shown(sid) {
    return wd('POST', `/session/${sid}/execute/sync`, {
      script: 'return [location.href, document.querySelector(".topbar")?.outerHTML, document.body.innerText].join(String.fromCharCode(10))',
      args: [],
    }).catch(() => '');
  }

  return { wd, all, find, text, attribute, click, type, run, open, close, screenshot, shown };
}
