// The one extension option: the developer setting for http://localhost pages.
const api = globalThis.browser ?? globalThis.chrome;
const box = document.getElementById('allowInsecureLocalhost');
const saved = document.getElementById('saved');

api.storage.local.get('allowInsecureLocalhost').then(({ allowInsecureLocalhost }) => {
  box.checked = allowInsecureLocalhost === true;
  box.dataset.loaded = 'true';
});
box.addEventListener('change', async () => {
  await api.storage.local.set({ allowInsecureLocalhost: box.checked });
  saved.hidden = false;
});
