/**
 * The Swagger UI "Try it out" signer, run in the browser. `installOAuth1Signer` is served as source text
 * (`Function.prototype.toString`), so it must stay self-contained: no imports, no module-level helpers, only browser
 * built-ins (Web Crypto, sessionStorage, DOM). It is type-checked here against the small browser surface it uses.
 *
 * It signs each request with HMAC-SHA1 exactly as RFC 5849 §3.4 says: the base string is the method, the request
 * URL (scheme and host lower-cased, default port dropped, path as sent; §3.4.1.2) and the normalized query, form-body
 * and oauth_* parameters (§3.4.1.3); the key is the encoded consumer secret & token secret (§3.4.2).
 */

/** The parts of a Swagger UI (swagger-client) request the signer reads and writes. */
export interface SignableRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: unknown;
  loadSpec?: boolean;
}

/** The browser surface used (kept minimal so the file does not need the DOM type library). */
export interface SignerElement {
  id: string;
  className: string;
  textContent: string | null;
  value: string;
  type: string;
  placeholder: string;
  autocomplete: string;
  setAttribute(name: string, value: string): void;
  appendChild(child: SignerElement): SignerElement;
  addEventListener(type: string, listener: (event: { preventDefault(): void }) => void): void;
  insertAdjacentElement(position: 'beforebegin', element: SignerElement): void;
}

export interface SignerWindow {
  document: { createElement(tag: string): SignerElement; getElementById(id: string): SignerElement | null; body: SignerElement };
  sessionStorage: { getItem(key: string): string | null; setItem(key: string, value: string): void; removeItem(key: string): void };
  crypto: {
    getRandomValues(array: Uint8Array): Uint8Array;
    subtle?: {
      importKey(format: 'raw', key: Uint8Array, algorithm: { name: 'HMAC'; hash: 'SHA-1' }, extractable: false, usages: ['sign']): Promise<unknown>;
      sign(algorithm: 'HMAC', key: unknown, data: Uint8Array): Promise<ArrayBuffer>;
    };
  };
  btoa(data: string): string;
  TextEncoder: new () => { encode(input: string): Uint8Array };
  URL: new (url: string) => { protocol: string; hostname: string; port: string; pathname: string; search: string; host: string };
  URLSearchParams: new (init?: string) => { toString(): string };
  applinkOAuth1?: { sign(request: SignableRequest): Promise<SignableRequest>; credentials(): Credentials | null };
}

export interface Credentials {
  consumerKey: string;
  consumerSecret: string;
  token: string;
  tokenSecret: string;
}

export function installOAuth1Signer(win: SignerWindow): void {
  const STORAGE_KEY = 'applink.oauth1.credentials';
  const FIELDS: Array<[keyof Credentials, string, boolean]> = [
    ['consumerKey', 'Consumer key', false],
    ['consumerSecret', 'Consumer secret', true],
    ['token', 'Access token (empty: 2-legged)', false],
    ['tokenSecret', 'Access token secret', true],
  ];

  function readCredentials(): Credentials | null {
    const stored = win.sessionStorage.getItem(STORAGE_KEY);
    if (!stored) return null;
    try {
      const parsed = JSON.parse(stored) as Credentials;
      return parsed.consumerKey && parsed.consumerSecret ? parsed : null;
    } catch {
      return null;
    }
  }

  /** RFC 5849 §3.6: unreserved characters stay, everything else is %XX of its UTF-8 bytes. */
  function encode(value: string): string {
    return encodeURIComponent(value).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
  }

  /** application/x-www-form-urlencoded decoding (query strings and form bodies): `+` is a space. */
  function decodeForm(text: string): Array<[string, string]> {
    const pairs: Array<[string, string]> = [];
    for (const part of text.split('&')) {
      if (part === '') continue;
      const eq = part.indexOf('=');
      const name = eq === -1 ? part : part.slice(0, eq);
      const value = eq === -1 ? '' : part.slice(eq + 1);
      pairs.push([decodeURIComponent(name.replace(/\+/g, ' ')), decodeURIComponent(value.replace(/\+/g, ' '))]);
    }
    return pairs;
  }

  function formBody(request: SignableRequest): string | null {
    const headers = request.headers || {};
    const contentType = Object.keys(headers).filter((h) => h.toLowerCase() === 'content-type').map((h) => headers[h])[0] || '';
    if (!/^application\/x-www-form-urlencoded/i.test(contentType)) return null;
    if (typeof request.body === 'string') return request.body;
    if (request.body instanceof win.URLSearchParams) return String(request.body);
    return null;
  }

  function toBase64(buffer: ArrayBuffer): string {
    let binary = '';
    for (const byte of new Uint8Array(buffer)) binary += String.fromCharCode(byte);
    return win.btoa(binary);
  }

  function nonce(): string {
    const bytes = win.crypto.getRandomValues(new Uint8Array(16));
    return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  }

  function sign(request: SignableRequest): Promise<SignableRequest> {
    const credentials = readCredentials();
    if (!credentials || request.loadSpec) return Promise.resolve(request);
    const subtle = win.crypto.subtle;
    if (!subtle) return Promise.reject(new Error('Web Crypto is unavailable: open the API docs over https (or localhost) to sign requests.'));
    const url = new win.URL(request.url);
    const defaultPort = (url.protocol === 'http:' && url.port === '80') || (url.protocol === 'https:' && url.port === '443');
    const baseUri = url.protocol.toLowerCase() + '//' + url.hostname.toLowerCase() + (url.port && !defaultPort ? ':' + url.port : '') + url.pathname;
    const protocol: Array<[string, string]> = [
      ['oauth_consumer_key', credentials.consumerKey],
      ['oauth_nonce', nonce()],
      ['oauth_signature_method', 'HMAC-SHA1'],
      ['oauth_timestamp', String(Math.floor(Date.now() / 1000))],
      ['oauth_version', '1.0'],
    ];
    if (credentials.token) protocol.push(['oauth_token', credentials.token]);
    const body = formBody(request);
    const params = decodeForm(url.search.replace(/^\?/, ''))
      .concat(body === null ? [] : decodeForm(body))
      .concat(protocol)
      .map(([name, value]) => [encode(name), encode(value)])
      .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
    const normalized = params.map(([name, value]) => name + '=' + value).join('&');
    const baseString = request.method.toUpperCase() + '&' + encode(baseUri) + '&' + encode(normalized);
    const encoder = new win.TextEncoder();
    const key = encode(credentials.consumerSecret) + '&' + encode(credentials.tokenSecret || '');
    return subtle
      .importKey('raw', encoder.encode(key), { name: 'HMAC', hash: 'SHA-1' }, false, ['sign'])
      .then((cryptoKey) => subtle.sign('HMAC', cryptoKey, encoder.encode(baseString)))
      .then((signature) => {
        const header = protocol
          .concat([['oauth_signature', toBase64(signature)]])
          .map(([name, value]) => encode(name) + '="' + encode(value) + '"')
          .join(', ');
        request.headers = request.headers || {};
        request.headers['Authorization'] = 'OAuth ' + header;
        return request;
      });
  }

  function renderPanel(): void {
    const anchor = win.document.getElementById('swagger-ui');
    if (!anchor || win.document.getElementById('oauth1-signer')) return;
    const form = win.document.createElement('form');
    form.id = 'oauth1-signer';
    form.setAttribute('aria-label', 'OAuth 1.0a request signing');
    const title = form.appendChild(win.document.createElement('strong'));
    title.textContent = 'OAuth 1.0a (HMAC-SHA1): sign "Try it out" requests';
    const current = readCredentials();
    const inputs: Partial<Record<keyof Credentials, SignerElement>> = {};
    for (const [name, label, secret] of FIELDS) {
      const wrapper = form.appendChild(win.document.createElement('label'));
      wrapper.textContent = label + ' ';
      const input = wrapper.appendChild(win.document.createElement('input'));
      input.id = 'oauth1-' + name;
      input.type = secret ? 'password' : 'text';
      input.autocomplete = 'off';
      input.value = current ? current[name] : '';
      inputs[name] = input;
    }
    const save = form.appendChild(win.document.createElement('button'));
    save.id = 'oauth1-save';
    save.type = 'submit';
    save.textContent = 'Use for requests';
    const clear = form.appendChild(win.document.createElement('button'));
    clear.id = 'oauth1-clear';
    clear.type = 'button';
    clear.textContent = 'Forget';
    const status = form.appendChild(win.document.createElement('span'));
    status.id = 'oauth1-status';
    status.setAttribute('role', 'status');
    status.textContent = current ? 'Signing as consumer ' + current.consumerKey : 'Not signing';
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const value = (name: keyof Credentials) => (inputs[name] ? inputs[name].value.trim() : '');
      const credentials: Credentials = { consumerKey: value('consumerKey'), consumerSecret: value('consumerSecret'), token: value('token'), tokenSecret: value('tokenSecret') };
      if (!credentials.consumerKey || !credentials.consumerSecret) {
        status.textContent = 'Consumer key and secret are required';
        return;
      }
      // sessionStorage: the secrets live only as long as this tab.
      win.sessionStorage.setItem(STORAGE_KEY, JSON.stringify(credentials));
      status.textContent = 'Signing as consumer ' + credentials.consumerKey + (credentials.token ? '' : ' (2-legged)');
    });
    clear.addEventListener('click', () => {
      win.sessionStorage.removeItem(STORAGE_KEY);
      for (const [name] of FIELDS) if (inputs[name]) inputs[name].value = '';
      status.textContent = 'Not signing';
    });
    anchor.insertAdjacentElement('beforebegin', form);
  }

  win.applinkOAuth1 = { sign, credentials: readCredentials };
  renderPanel();
}
