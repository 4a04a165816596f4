// Injected into the page before its scripts: records the page's CSP violation reports, and plays
// the preload's part, putting a `window.busker` on the page whose verbs reach the real backend
// through `window.__buskerCall` (page.exposeFunction), as the preload's verbs reach it over IPC.
(() => {
  window.__violations = [];
  document.addEventListener('securitypolicyviolation', (event) => {
    window.__violations.push({ directive: event.effectiveDirective, blocked: event.blockedURI });
  });
  const api = new Proxy(
    {},
    {
      get:
        (_target, method) =>
        async (...args) => {
          const reply = await window.__buskerCall(String(method), args);
          if (reply === null || typeof reply !== 'object') throw { code: 'INTERNAL', message: 'no reply' };
          if ('error' in reply) throw reply.error;
          return reply.result;
        },
    },
  );
  Object.defineProperty(window, 'busker', {
    value: Object.freeze({ api, on: () => () => {}, pathForFile: () => null }),
  });
})();
