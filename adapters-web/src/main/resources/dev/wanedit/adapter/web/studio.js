// wanedit studio: the edit form, the mask painter and the box tool. No dependencies.
// Every rule is checked by the server (the same validation as `wanedit edit`); this script only
// lays the form out for the chosen model, collects what the user gives and shows the answers.
(function () {
  'use strict';
  var base = document.body.getAttribute('data-base');
  var form = document.getElementById('edit');
  var $ = function (id) { return document.getElementById(id); };
  var catalog = null;
  var images = []; // {row, ref, src, width, height, boxes: [[x1,y1,x2,y2]]}
  var painter = {canvas: null, tool: 'brush', painting: false, last: null, image: null};
  var timer = null;
  var seq = 0;

  function model() {
    var id = $('model').value;
    return catalog.models.filter(function (m) { return m.id === id; })[0];
  }
  function has(feature) { return model().features.indexOf(feature) >= 0; }
  function currentFunction() {
    var m = model();
    var name = $('function').value;
    return m.functions.filter(function (f) { return f.name === name; })[0];
  }
  function wantsMask() { var f = currentFunction(); return !!(f && f.mask); }
  function wantsBoxes() { return has('bbox_list'); }

  fetch(base + 'api/catalog', {credentials: 'same-origin'}).then(function (r) { return r.json(); }).then(function (c) {
    catalog = c;
    c.models.forEach(function (m) {
      var o = document.createElement('option');
      o.value = m.id; o.textContent = m.id;
      $('model').appendChild(o);
    });
    layout();
    addImage();
    form.addEventListener('input', schedule);
    form.addEventListener('change', schedule);
    $('model').addEventListener('change', function () { layout(); attachTools(); });
    $('function').addEventListener('change', function () { params(); attachTools(); });
    schedule();
  });

  function layout() {
    var m = model();
    var region = $('region');
    var was = region.value || catalog.defaultRegion;
    region.innerHTML = '';
    m.regions.forEach(function (r) {
      var o = document.createElement('option');
      o.value = r; o.textContent = r + (m.pricePerImage[r] ? ' (' + m.pricePerImage[r] + ' per image)' : '');
      region.appendChild(o);
    });
    if (m.regions.indexOf(was) >= 0) { region.value = was; }
    var fn = $('function');
    fn.innerHTML = '';
    m.functions.forEach(function (f) {
      var o = document.createElement('option');
      o.value = f.name; o.textContent = f.name;
      fn.appendChild(o);
    });
    document.querySelectorAll('[data-feature]').forEach(function (el) {
      var f = el.getAttribute('data-feature');
      var on = f === 'function' ? m.functions.length > 0 : f === 'mask' ? false : has(f);
      el.hidden = !on;
    });
    var presets = $('presets');
    presets.innerHTML = '';
    m.presets.forEach(function (p) { var o = document.createElement('option'); o.value = p; presets.appendChild(o); });
    $('images-hint').textContent = m.minImages === m.maxImages ? 'Exactly ' + m.maxImages + ' image.'
      : m.minImages + ' to ' + m.maxImages + ' images, in order.';
    params();
  }

  function params() {
    var box = $('params');
    box.innerHTML = '';
    var f = currentFunction();
    $('mask-section').hidden = !wantsMask();
    if (!f) { return; }
    f.params.forEach(function (p) {
      var d = document.createElement('div');
      var id = 'param-' + p.name;
      var label = document.createElement('label');
      label.setAttribute('for', id);
      label.textContent = p.name + (p.min !== null ? ' (' + p.min + ' to ' + p.max + ', default ' + p.default + ')' : ' (default ' + p.default + ')');
      var input;
      if (p.type === 'BOOLEAN') {
        input = document.createElement('select');
        ['', 'true', 'false'].forEach(function (v) {
          var o = document.createElement('option'); o.value = v; o.textContent = v === '' ? 'default' : v; input.appendChild(o);
        });
      } else {
        input = document.createElement('input');
        input.type = 'text';
        input.placeholder = p.default;
      }
      input.id = id;
      input.name = 'param.' + p.name;
      var err = document.createElement('div');
      err.className = 'err';
      err.setAttribute('data-err', 'params.' + p.name);
      d.appendChild(label); d.appendChild(input); d.appendChild(err);
      box.appendChild(d);
    });
  }

  // ---- images ----

  $('add-image').addEventListener('click', function () { addImage(); });

  function addImage() {
    var i = images.length;
    var row = document.createElement('div');
    row.className = 'imagerow';
    row.innerHTML = '<label>Image ' + (i + 1) + '</label>'
      + '<input type="file" accept="image/*" class="file"> or <input type="text" class="ref" placeholder="a path, https:// URL or oss://bucket/key">'
      + ' <button type="button" class="use">Use</button> <button type="button" class="remove">Remove</button>'
      + '<div class="err" data-err="image-' + i + '"></div><div class="err" data-err="bbox-' + i + '"></div>'
      + '<div class="holder"></div><div class="boxes"></div>';
    $('images').appendChild(row);
    var entry = {row: row, ref: '', src: '', width: 0, height: 0, boxes: []};
    images.push(entry);
    row.querySelector('.file').addEventListener('change', function (e) {
      var file = e.target.files[0];
      if (!file) { return; }
      fetch(base + 'api/inputs', {method: 'POST', body: file, credentials: 'same-origin'})
        .then(function (r) { return r.json(); })
        .then(function (j) {
          if (j.errors) { show(j.errors, []); return; }
          use(entry, j);
        });
    });
    row.querySelector('.use').addEventListener('click', function () {
      var ref = row.querySelector('.ref').value.trim();
      if (!ref) { return; }
      post('api/preview', new URLSearchParams({ref: ref})).then(function (j) { use(entry, j); });
    });
    row.querySelector('.remove').addEventListener('click', function () {
      images.splice(images.indexOf(entry), 1);
      row.remove();
      renumber();
      attachTools();
      schedule();
    });
  }

  function renumber() {
    images.forEach(function (e, i) {
      e.row.querySelector('label').textContent = 'Image ' + (i + 1);
      e.row.querySelectorAll('.err')[0].setAttribute('data-err', 'image-' + i);
      e.row.querySelectorAll('.err')[1].setAttribute('data-err', 'bbox-' + i);
    });
  }

  function use(entry, j) {
    entry.ref = j.ref; entry.src = j.src; entry.width = j.width; entry.height = j.height; entry.boxes = [];
    entry.row.querySelector('.ref').value = j.ref;
    var holder = entry.row.querySelector('.holder');
    holder.innerHTML = '';
    if (j.src) {
      var wrap = document.createElement('div');
      wrap.className = 'painter';
      var img = document.createElement('img');
      img.alt = 'input';
      img.src = j.src;
      wrap.appendChild(img);
      holder.appendChild(wrap);
      img.addEventListener('load', function () { attachTools(); });
    } else {
      holder.textContent = 'Not shown here (not a local image); it is sent as given.';
    }
    schedule();
  }

  // ---- tools: the mask painter on the base image, the box tool on every image ----

  function attachTools() {
    images.forEach(function (e, i) {
      var wrap = e.row.querySelector('.painter');
      if (!wrap) { return; }
      var img = wrap.querySelector('img');
      if (!img.naturalWidth) { return; }
      var maskHere = wantsMask() && i === 0;
      var boxesHere = wantsBoxes();
      var canvas = wrap.querySelector('canvas');
      if (maskHere && (!canvas || canvas.width !== img.naturalWidth || canvas.height !== img.naturalHeight)) {
        if (canvas) { canvas.remove(); }
        canvas = document.createElement('canvas');
        canvas.className = 'mask-canvas';
        canvas.width = img.naturalWidth;
        canvas.height = img.naturalHeight;
        var ctx = canvas.getContext('2d');
        ctx.fillStyle = '#000';
        ctx.fillRect(0, 0, canvas.width, canvas.height);
        canvas.style.mixBlendMode = 'screen';
        wrap.appendChild(canvas);
        painter.canvas = canvas;
        painter.image = e;
        bindPainter(canvas);
      } else if (!maskHere && canvas) {
        canvas.remove();
        if (painter.canvas === canvas) { painter.canvas = null; }
      }
      if (boxesHere && !wrap.getAttribute('data-boxes')) {
        wrap.setAttribute('data-boxes', 'on');
        bindBoxes(wrap, img, e);
      }
      if (!boxesHere) {
        wrap.removeAttribute('data-boxes');
        e.boxes = [];
      }
      drawBoxes(wrap, e);
    });
    schedule();
  }

  function imagePoint(el, ev, w, h) {
    var r = el.getBoundingClientRect();
    var x = Math.round((ev.clientX - r.left) * w / r.width);
    var y = Math.round((ev.clientY - r.top) * h / r.height);
    return {x: Math.max(0, Math.min(w, x)), y: Math.max(0, Math.min(h, y))};
  }

  function bindPainter(canvas) {
    canvas.addEventListener('pointerdown', function (ev) {
      painter.painting = true;
      painter.last = imagePoint(canvas, ev, canvas.width, canvas.height);
      stroke(painter.last, painter.last);
      ev.preventDefault();
    });
    canvas.addEventListener('pointermove', function (ev) {
      if (!painter.painting) { return; }
      var p = imagePoint(canvas, ev, canvas.width, canvas.height);
      stroke(painter.last, p);
      painter.last = p;
    });
    var end = function () { if (painter.painting) { painter.painting = false; schedule(); } };
    canvas.addEventListener('pointerup', end);
    canvas.addEventListener('pointerleave', end);
  }

  function brushPixels() {
    var c = painter.canvas;
    var scale = c.width / c.getBoundingClientRect().width;
    return Math.max(1, Number($('brush-size').value) * scale);
  }

  function stroke(a, b) {
    var ctx = painter.canvas.getContext('2d');
    ctx.strokeStyle = ctx.fillStyle = painter.tool === 'brush' ? '#fff' : '#000';
    ctx.lineWidth = brushPixels();
    ctx.lineCap = 'round';
    ctx.beginPath();
    ctx.moveTo(a.x, a.y);
    ctx.lineTo(b.x, b.y);
    ctx.stroke();
    ctx.beginPath();
    ctx.arc(b.x, b.y, ctx.lineWidth / 2, 0, Math.PI * 2);
    ctx.fill();
  }

  $('tool-brush').addEventListener('click', function () { tool('brush'); });
  $('tool-eraser').addEventListener('click', function () { tool('eraser'); });
  function tool(t) {
    painter.tool = t;
    $('tool-brush').classList.toggle('on', t === 'brush');
    $('tool-eraser').classList.toggle('on', t === 'eraser');
  }
  $('invert').addEventListener('click', function () {
    if (!painter.canvas) { return; }
    var ctx = painter.canvas.getContext('2d');
    var d = ctx.getImageData(0, 0, painter.canvas.width, painter.canvas.height);
    for (var i = 0; i < d.data.length; i += 4) {
      d.data[i] = 255 - d.data[i]; d.data[i + 1] = 255 - d.data[i + 1]; d.data[i + 2] = 255 - d.data[i + 2]; d.data[i + 3] = 255;
    }
    ctx.putImageData(d, 0, 0);
    schedule();
  });
  $('clear-mask').addEventListener('click', function () {
    if (!painter.canvas) { return; }
    var ctx = painter.canvas.getContext('2d');
    ctx.fillStyle = '#000';
    ctx.fillRect(0, 0, painter.canvas.width, painter.canvas.height);
    schedule();
  });

  /** The painted mask as a PNG of the base image's exact size, every pixel pure black or white. */
  function maskPng() {
    var c = painter.canvas;
    var out = document.createElement('canvas');
    out.width = c.width; out.height = c.height;
    var src = c.getContext('2d').getImageData(0, 0, c.width, c.height);
    for (var i = 0; i < src.data.length; i += 4) {
      var v = (src.data[i] + src.data[i + 1] + src.data[i + 2]) / 3 >= 128 ? 255 : 0;
      src.data[i] = src.data[i + 1] = src.data[i + 2] = v; src.data[i + 3] = 255;
    }
    out.getContext('2d').putImageData(src, 0, 0);
    return out.toDataURL('image/png');
  }

  function bindBoxes(wrap, img, entry) {
    var start = null;
    var live = null;
    wrap.addEventListener('pointerdown', function (ev) {
      if (!wrap.getAttribute('data-boxes') || ev.target.tagName === 'CANVAS') { return; }
      start = imagePoint(img, ev, img.naturalWidth, img.naturalHeight);
      live = document.createElement('div');
      live.className = 'box drawing';
      wrap.appendChild(live);
      ev.preventDefault();
    });
    wrap.addEventListener('pointermove', function (ev) {
      if (!start) { return; }
      var p = imagePoint(img, ev, img.naturalWidth, img.naturalHeight);
      place(live, [Math.min(start.x, p.x), Math.min(start.y, p.y), Math.max(start.x, p.x), Math.max(start.y, p.y)], img);
    });
    var end = function (ev) {
      if (!start) { return; }
      var p = imagePoint(img, ev, img.naturalWidth, img.naturalHeight);
      var b = [Math.min(start.x, p.x), Math.min(start.y, p.y), Math.max(start.x, p.x), Math.max(start.y, p.y)];
      start = null;
      live.remove();
      if (b[2] - b[0] >= 2 && b[3] - b[1] >= 2) { entry.boxes.push(b); }
      drawBoxes(wrap, entry);
      schedule();
    };
    wrap.addEventListener('pointerup', end);
    wrap.addEventListener('pointerleave', function (ev) { if (start) { end(ev); } });
  }

  function place(el, b, img) {
    el.style.left = (b[0] * 100 / img.naturalWidth) + '%';
    el.style.top = (b[1] * 100 / img.naturalHeight) + '%';
    el.style.width = ((b[2] - b[0]) * 100 / img.naturalWidth) + '%';
    el.style.height = ((b[3] - b[1]) * 100 / img.naturalHeight) + '%';
  }

  function drawBoxes(wrap, entry) {
    var img = wrap.querySelector('img');
    wrap.querySelectorAll('.box:not(.drawing)').forEach(function (b) { b.remove(); });
    var list = entry.row.querySelector('.boxes');
    list.innerHTML = '';
    entry.boxes.forEach(function (b, k) {
      var el = document.createElement('div');
      el.className = 'box';
      el.setAttribute('data-box', b.join(','));
      place(el, b, img);
      wrap.appendChild(el);
      var item = document.createElement('span');
      item.textContent = '[' + b.join(',') + '] ';
      var x = document.createElement('button');
      x.type = 'button'; x.textContent = '×'; x.title = 'remove this box';
      x.addEventListener('click', function () { entry.boxes.splice(k, 1); drawBoxes(wrap, entry); schedule(); });
      item.appendChild(x);
      list.appendChild(item);
    });
  }

  // ---- validation and submission ----

  function body() {
    var p = new URLSearchParams();
    ['model', 'region', 'prompt', 'negative_prompt', 'size', 'n', 'seed', 'prompt_extend', 'palette'].forEach(function (k) {
      var el = $(k);
      if (el && !el.closest('[hidden]')) { p.append(k, el.value); }
    });
    ['watermark', 'sequential', 'thinking_mode', 'strict'].forEach(function (k) {
      var el = $(k);
      if (el && el.checked && !el.closest('[hidden]')) { p.append(k, 'on'); }
    });
    if (model().functions.length > 0) {
      p.append('function', $('function').value);
      document.querySelectorAll('#params [name]').forEach(function (el) { if (el.value) { p.append(el.name, el.value); } });
    }
    var anyBoxes = images.some(function (e) { return e.boxes.length > 0; });
    images.forEach(function (e) {
      var ref = e.ref || e.row.querySelector('.ref').value.trim();
      p.append('image', ref);
      if (anyBoxes) { p.append('bbox', e.boxes.map(function (b) { return b.join(','); }).join(';')); }
    });
    if (wantsMask()) {
      var given = $('mask-ref').value.trim();
      if (given) { p.append('mask', given); } else if (painter.canvas) { p.append('mask_png', maskPng()); }
    }
    return p;
  }

  function post(path, params) {
    return fetch(base + path, {method: 'POST', body: params, credentials: 'same-origin',
      headers: {'Content-Type': 'application/x-www-form-urlencoded'}})
      .then(function (r) { return r.json().then(function (j) { j.httpStatus = r.status; return j; }); });
  }

  function schedule() {
    if (!catalog) { return; }
    clearTimeout(timer);
    form.setAttribute('data-pending', 'true');
    timer = setTimeout(validate, 250);
  }

  function validate() {
    var mine = ++seq;
    // the button stays as the last answer left it: a click while this check runs still submits,
    // and the server checks the form again before anything is sent
    post('api/validate', body()).then(function (j) {
      if (mine !== seq) { return; } // a newer check is on its way
      form.setAttribute('data-pending', 'false');
      show(j.errors || [], j.warnings || []);
      var e = j.expected;
      $('cost').textContent = e ? 'Estimated cost: ' + e.cost + ' for up to ' + e.images + (e.images === 1 ? ' image' : ' images')
        + (e.dimensions ? ' of about ' + e.dimensions + ' px' : '') : 'Estimated cost: — (fix the problems above first)';
      $('submit').disabled = !j.valid;
      form.setAttribute('data-checked', String(mine));
    });
  }

  function target(field) {
    var m = /^(?:images|bbox_list)\[(\d+)\]/.exec(field);
    if (m) { return (field.indexOf('bbox') === 0 ? 'bbox-' : 'image-') + m[1]; }
    if (field === 'base_image') { return 'image-0'; }
    if (field.indexOf('params.') === 0) { return document.querySelector('[data-err="' + field + '"]') ? field : 'params'; }
    return field;
  }

  function show(errors, warnings) {
    document.querySelectorAll('.err[data-err], .warn[data-warn]').forEach(function (el) { el.textContent = ''; });
    document.querySelectorAll('.invalid').forEach(function (el) { el.classList.remove('invalid'); });
    var general = $('general-errors');
    general.innerHTML = '';
    var put = function (v, cls) {
      var key = target(v.field);
      var el = cls === 'err' ? document.querySelector('.err[data-err="' + key + '"]') : document.querySelector('.warn[data-warn="' + key + '"]');
      if (!el || el.closest('[hidden]')) {
        el = document.createElement('div');
        el.className = cls;
        el.setAttribute('data-general', v.field);
        general.appendChild(el);
        el.textContent = v.message;
        return;
      }
      el.textContent = (el.textContent ? el.textContent + ' · ' : '') + (v.value ? v.value + ': ' : '') + v.rule;
      var input = $(key);
      if (input && cls === 'err') { input.classList.add('invalid'); }
    };
    errors.forEach(function (v) { put(v, 'err'); });
    warnings.forEach(function (v) { put(v, 'warn'); });
  }

  form.addEventListener('submit', function (ev) {
    ev.preventDefault();
    $('submit').disabled = true;
    $('submit-error').textContent = '';
    post('api/submit', body()).then(function (j) {
      if (j.httpStatus === 200) {
        location.href = j.page;
      } else if (j.errors) {
        show(j.errors, []);
      } else {
        $('submit-error').textContent = j.error || ('the studio answered ' + j.httpStatus);
        $('submit').disabled = false;
      }
    });
  });
})();
