/* The upload form's progress bar and size check (browser script, served as /static/import-upload.js; no inline script
 * under the CSP). htmx reports the upload's bytes as `htmx:xhr:progress` on the boosted form; a selection larger
 * than the form's `data-max-bytes` is refused before sending, with the page's own (translated) message. */
/* global document, window */
(function () {
  if (window.heraldUploadProgress) return;
  window.heraldUploadProgress = true;
  const formOf = (target) =>
    target && typeof target.closest === 'function' ? target.closest('form#upload') : null;

  document.addEventListener('htmx:beforeRequest', function (event) {
    const form = formOf(event.target);
    if (!form) return;
    const max = Number(form.dataset.maxBytes);
    const input = form.querySelector('input[type="file"]');
    const refused = form.querySelector('.upload-refused');
    let total = 0;
    let over;
    for (const file of input ? Array.from(input.files || []) : []) {
      total += file.size;
      if (!over && max > 0 && total > max) over = file.name;
    }
    if (over !== undefined && refused) {
      event.preventDefault();
      refused.textContent = (form.dataset.tooLarge || '').replace('{file}', over);
      refused.hidden = false;
      return;
    }
    if (refused) refused.hidden = true;
    const box = form.querySelector('.upload-progress');
    const bar = box && box.querySelector('progress');
    if (bar) bar.value = 0;
    if (box) box.hidden = false;
  });

  document.addEventListener('htmx:xhr:progress', function (event) {
    const form = formOf(event.target);
    const bar = form && form.querySelector('.upload-progress progress');
    const detail = event.detail || {};
    if (!bar || !detail.lengthComputable || !(detail.total > 0)) return;
    bar.max = detail.total;
    bar.value = detail.loaded;
  });
})();
