// wanedit report and studio pages: state filter, before/after slider, live progress (studio only).
// No dependencies, no network access from a report file.
(function () {
  'use strict';
  var body = document.body;
  document.querySelectorAll('.filter button').forEach(function (b) {
    b.addEventListener('click', function () {
      var want = b.getAttribute('data-filter');
      document.querySelectorAll('.filter button').forEach(function (o) { o.classList.toggle('on', o === b); });
      document.querySelectorAll('article.job').forEach(function (a) {
        a.hidden = !(want === 'all' || a.getAttribute('data-class') === want);
      });
    });
  });
  document.querySelectorAll('[data-compare]').forEach(function (c) {
    var range = c.querySelector('input[type=range]');
    var after = c.querySelector('img.after');
    var update = function () { after.style.clipPath = 'inset(0 0 0 ' + range.value + '%)'; };
    range.addEventListener('input', update);
    update();
  });
  if (body.getAttribute('data-studio') !== 'true') {
    return;
  }
  var base = body.getAttribute('data-base');
  var running = Array.prototype.slice.call(document.querySelectorAll('article.job[data-finished=false]'));
  if (running.length === 0 || running.length > 50) {
    return; // a long list is refreshed by reloading it
  }
  var poll = function () {
    Promise.all(running.map(function (a) {
      var id = a.getAttribute('data-job');
      return fetch(base + 'api/jobs/' + encodeURIComponent(id), {credentials: 'same-origin'})
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (j) {
          if (!j) { return false; }
          var p = a.querySelector('[data-progress]');
          if (p) { p.textContent = j.progress || ''; }
          var badge = a.querySelector('.badge');
          if (badge && j.state !== badge.textContent) { return true; }
          return false;
        })
        .catch(function () { return false; });
    })).then(function (changed) {
      if (changed.some(function (x) { return x; })) {
        location.reload();
      } else {
        setTimeout(poll, 1000);
      }
    });
  };
  setTimeout(poll, 1000);
})();
