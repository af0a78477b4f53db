// embargo's CVSS calculator (v3.0, v3.1, v4.0), served by embargod as /static/cvss.js.
// It scores exactly like src/embargo/core/cvss: the same equations in the same order of
// operations, and the v4.0 tables and metric lists come from the C++ tables (embargod prepends
// them as `EMBARGO_CVSS_DATA`). tests/integration/suites/web_cvss.bash compares the two.
// Used by the case page: each <form class="cvss-calc"> gets a select per metric that writes
// the vector into the form's text field "vector" and shows the score; the form still posts to
// the server, which validates and scores the vector itself. Also loadable by node (module.exports).
(function (root) {
  'use strict';
  var DATA = root.EMBARGO_CVSS_DATA;

  function parse(text) {
    var parts = String(text).trim().split('/');
    var head = parts.shift();
    var version = { 'CVSS:3.0': '3.0', 'CVSS:3.1': '3.1', 'CVSS:4.0': '4.0' }[head];
    if (!version) {
      return null;
    }
    var table = DATA.metrics[version === '4.0' ? '4.0' : '3'];
    var known = {};
    table.forEach(function (m) { known[m.abbr] = m; });
    var v = { version: version, m: {} };
    for (var i = 0; i < parts.length; i++) {
      var kv = parts[i].split(':');
      var def = known[kv[0]];
      if (kv.length !== 2 || !def || v.m[kv[0]] !== undefined || def.values.indexOf(kv[1]) < 0) {
        return null;
      }
      v.m[kv[0]] = kv[1];
    }
    for (var j = 0; j < table.length; j++) {
      if (table[j].mandatory && v.m[table[j].abbr] === undefined) {
        return null;
      }
    }
    return v;
  }

  // ---- v3.0 / v3.1 (cvss_v3.cpp) ----
  var W = {
    AV: { N: 0.85, A: 0.62, L: 0.55, P: 0.2 }, AC: { L: 0.77, H: 0.44 },
    PRU: { N: 0.85, L: 0.62, H: 0.27 }, PRC: { N: 0.85, L: 0.68, H: 0.5 }, UI: { N: 0.85, R: 0.62 },
    CIA: { H: 0.56, L: 0.22, N: 0.0 }, E: { X: 1.0, H: 1.0, F: 0.97, P: 0.94, U: 0.91 },
    RL: { X: 1.0, U: 1.0, W: 0.97, T: 0.96, O: 0.95 }, RC: { X: 1.0, C: 1.0, R: 0.96, U: 0.92 },
    REQ: { X: 1.0, H: 1.5, M: 1.0, L: 0.5 }
  };

  function roundup31(x) {
    var i = Math.round(x * 100000);
    if (i % 10000 === 0) {
      return i / 100000;
    }
    return (Math.floor(i / 10000) + 1) / 10;
  }

  function roundup30(x) {
    return Math.ceil(x * 10) / 10;
  }

  function score3(v) {
    var ru = v.version === '3.1' ? roundup31 : roundup30;
    var m = v.m;
    var opt = function (k) { return m[k] === undefined ? 'X' : m[k]; };
    var eff = function (b) { var x = opt('M' + b); return x === 'X' ? m[b] : x; };
    var changed = m.S === 'C';
    var iss = 1 - ((1 - W.CIA[m.C]) * (1 - W.CIA[m.I]) * (1 - W.CIA[m.A]));
    var impact = changed ? 7.52 * (iss - 0.029) - 3.25 * Math.pow(iss - 0.02, 15) : 6.42 * iss;
    var pr = changed ? W.PRC[m.PR] : W.PRU[m.PR];
    var expl = 8.22 * W.AV[m.AV] * W.AC[m.AC] * pr * W.UI[m.UI];
    var base = 0;
    if (impact <= 0) {
      base = 0;
    } else if (changed) {
      base = ru(Math.min(1.08 * (impact + expl), 10.0));
    } else {
      base = ru(Math.min(impact + expl, 10.0));
    }
    var e = W.E[opt('E')], rl = W.RL[opt('RL')], rc = W.RC[opt('RC')];
    var temporal = ru(base * e * rl * rc);
    var mChanged = eff('S') === 'C';
    var cr = W.REQ[opt('CR')], ir = W.REQ[opt('IR')], ar = W.REQ[opt('AR')];
    var mc = W.CIA[eff('C')], mi = W.CIA[eff('I')], ma = W.CIA[eff('A')];
    var miss = Math.min(1 - ((1 - mc * cr) * (1 - mi * ir) * (1 - ma * ar)), 0.915);
    var mImpact = 0;
    if (!mChanged) {
      mImpact = 6.42 * miss;
    } else if (v.version === '3.1') {
      mImpact = 7.52 * (miss - 0.029) - 3.25 * Math.pow(miss * 0.9731 - 0.02, 13);
    } else {
      mImpact = 7.52 * (miss - 0.029) - 3.25 * Math.pow(miss - 0.02, 15);
    }
    var mpr = mChanged ? W.PRC[eff('PR')] : W.PRU[eff('PR')];
    var mExpl = 8.22 * W.AV[eff('AV')] * W.AC[eff('AC')] * mpr * W.UI[eff('UI')];
    var env = 0;
    if (mImpact <= 0) {
      env = 0;
    } else if (mChanged) {
      env = ru(ru(Math.min(1.08 * (mImpact + mExpl), 10.0)) * e * rl * rc);
    } else {
      env = ru(ru(Math.min(mImpact + mExpl, 10.0)) * e * rl * rc);
    }
    return { base: base, temporal: temporal, environmental: env };
  }

  // ---- v4.0 (cvss_v4.cpp, cvss_v4_interpolation.cpp) ----
  function effective4(m) {
    var eff = function (b) { var x = m['M' + b]; return (x === undefined || x === 'X') ? m[b] : x; };
    var def = function (k, d) { var x = m[k]; return (x === undefined || x === 'X') ? d : x; };
    return {
      AV: eff('AV'), PR: eff('PR'), UI: eff('UI'), AC: eff('AC'), AT: eff('AT'), VC: eff('VC'), VI: eff('VI'),
      VA: eff('VA'), SC: eff('SC'), SI: eff('SI'), SA: eff('SA'), CR: def('CR', 'H'), IR: def('IR', 'H'),
      AR: def('AR', 'H'), E: def('E', 'A')
    };
  }

  function macrovector(x) {
    var eq = [0, 0, 0, 0, 0, 0];
    var avN = x.AV === 'N', prN = x.PR === 'N', uiN = x.UI === 'N';
    if (avN && prN && uiN) {
      eq[0] = 0;
    } else if ((avN || prN || uiN) && x.AV !== 'P') {
      eq[0] = 1;
    } else {
      eq[0] = 2;
    }
    eq[1] = (x.AC === 'L' && x.AT === 'N') ? 0 : 1;
    if (x.VC === 'H' && x.VI === 'H') {
      eq[2] = 0;
    } else if (x.VC === 'H' || x.VI === 'H' || x.VA === 'H') {
      eq[2] = 1;
    } else {
      eq[2] = 2;
    }
    if (x.SI === 'S' || x.SA === 'S') {
      eq[3] = 0;
    } else if (x.SC === 'H' || x.SI === 'H' || x.SA === 'H') {
      eq[3] = 1;
    } else {
      eq[3] = 2;
    }
    eq[4] = x.E === 'A' ? 0 : (x.E === 'P' ? 1 : 2);
    var eq6zero = (x.CR === 'H' && x.VC === 'H') || (x.IR === 'H' && x.VI === 'H') || (x.AR === 'H' && x.VA === 'H');
    eq[5] = eq6zero ? 0 : 1;
    return eq;
  }

  var NONE = -1;

  function lookup(e1, e2, e3, e4, e5, e6) {
    if (e1 > 2 || e2 > 1 || e3 > 2 || e4 > 2 || e5 > 2 || e6 > 1) {
      return NONE;
    }
    return DATA.v4.lookup[e1][e2][e3][e4][e5][e6];
  }

  function lowerEq3Eq6(e1, e2, e3, e4, e5, e6) {
    if (e3 === 0 && e6 === 0) {
      var left = lookup(e1, e2, e3, e4, e5, e6 + 1);
      var right = lookup(e1, e2, e3 + 1, e4, e5, e6);
      return (left === NONE || right === NONE) ? NONE : Math.max(left, right);
    }
    if (e3 === 1 && e6 === 0) {
      return lookup(e1, e2, e3, e4, e5, e6 + 1);
    }
    if (e6 === 1 && e3 < 2) {
      return lookup(e1, e2, e3 + 1, e4, e5, e6);
    }
    return lookup(e1, e2, e3 + 1, e4, e5, e6 + 1);
  }

  function level(x, metric) {
    return DATA.v4.levels[metric][x[metric]] || 0;
  }

  function distances(x, parts) {
    var chosen = [], allFound = true, d = {};
    parts.forEach(function (p, i) {
      chosen[i] = null;
      for (var c = 0; c < p.span.length && chosen[i] === null; c++) {
        var ok = true;
        for (var j = 0; j < p.metrics.length; j++) {
          if (level(x, p.metrics[j]) - p.span[c][j] < 0) {
            ok = false;
          }
        }
        if (ok) {
          chosen[i] = p.span[c];
        }
      }
      allFound = allFound && chosen[i] !== null;
    });
    parts.forEach(function (p, i) {
      var max = allFound ? chosen[i] : p.span[p.span.length - 1];
      for (var j = 0; j < p.metrics.length; j++) {
        d[p.metrics[j]] = level(x, p.metrics[j]) - max[j];
      }
    });
    return d;
  }

  function score4(v) {
    var x = effective4(v.m);
    var eq = macrovector(x);
    var e1 = eq[0], e2 = eq[1], e3 = eq[2], e4 = eq[3], e5 = eq[4], e6 = eq[5];
    var value = lookup(e1, e2, e3, e4, e5, e6);
    var noImpact = x.VC === 'N' && x.VI === 'N' && x.VA === 'N' && x.SC === 'N' && x.SI === 'N' && x.SA === 'N';
    if (noImpact || value === NONE) {
      return { base: 0.0 };
    }
    var T = DATA.v4;
    var d = distances(x, [
      { span: T.eq1[e1], metrics: ['AV', 'PR', 'UI'] }, { span: T.eq2[e2], metrics: ['AC', 'AT'] },
      { span: T.eq3eq6[e3][e6], metrics: ['VC', 'VI', 'VA', 'CR', 'IR', 'AR'] },
      { span: T.eq4[e4], metrics: ['SC', 'SI', 'SA'] }, { span: T.eq5[e5], metrics: ['E'] }
    ]);
    var sum = 0.0, existing = 0;
    var add = function (lower, distance, depth) {
      if (lower === NONE) {
        return;
      }
      ++existing;
      var available = value - lower;
      var percent = distance / depth;
      sum = sum + available * percent;
    };
    add(lookup(e1 + 1, e2, e3, e4, e5, e6), d.AV + d.PR + d.UI, T.maxEq1[e1] * 0.1);
    add(lookup(e1, e2 + 1, e3, e4, e5, e6), d.AC + d.AT, T.maxEq2[e2] * 0.1);
    add(lowerEq3Eq6(e1, e2, e3, e4, e5, e6), d.VC + d.VI + d.VA + d.CR + d.IR + d.AR, T.maxEq3eq6[e3][e6] * 0.1);
    add(lookup(e1, e2, e3, e4 + 1, e5, e6), d.SC + d.SI + d.SA, T.maxEq4[e4] * 0.1);
    add(lookup(e1, e2, e3, e4, e5 + 1, e6), 0.0, 1.0);
    var mean = existing === 0 ? 0.0 : sum / existing;
    var s = Math.min(Math.max(value - mean, 0.0), 10.0);
    return { base: Math.round((s + 1e-6) * 10) / 10 };
  }

  function severity(s) {
    if (s === 0) {
      return 'None';
    }
    return s < 4.0 ? 'Low' : s < 7.0 ? 'Medium' : s < 9.0 ? 'High' : 'Critical';
  }

  // {version, base, temporal?, environmental?, severity} or null for a vector it cannot read.
  function score(text) {
    var v = parse(text);
    if (!v) {
      return null;
    }
    var s = v.version === '4.0' ? score4(v) : score3(v);
    s.version = v.version;
    s.severity = severity(s.base);
    return s;
  }

  // ---- the page: one calculator per <form class="cvss-calc"> ----
  function text(s) {
    return document.createTextNode(s);
  }

  function build(form) {
    var input = form.querySelector('input[name=vector]');
    var out = form.querySelector('output');
    var box = form.querySelector('.cvss-calc-ui');
    if (!input || !out || !box) {
      return;
    }
    var versionSelect = document.createElement('select');
    versionSelect.setAttribute('aria-label', 'CVSS version');
    ['4.0', '3.1'].forEach(function (v) {
      var o = document.createElement('option');
      o.value = v;
      o.textContent = 'CVSS ' + v;
      versionSelect.appendChild(o);
    });
    var grid = document.createElement('div');
    grid.className = 'cvss-grid';
    // Threat/temporal and environmental metrics, folded away: most vectors use only the base.
    var more = document.createElement('details');
    var moreTitle = document.createElement('summary');
    var moreGrid = document.createElement('div');
    moreGrid.className = 'cvss-grid';
    more.appendChild(moreTitle);
    more.appendChild(moreGrid);
    var label = document.createElement('label');
    label.appendChild(text('Version '));
    label.appendChild(versionSelect);
    box.appendChild(label);
    box.appendChild(grid);
    box.appendChild(more);
    var selects = {};

    function draw(version, given) {
      grid.textContent = '';
      moreGrid.textContent = '';
      moreTitle.textContent = version === '4.0' ? 'Threat and environmental metrics' : 'Temporal and environmental metrics';
      more.open = false;
      selects = {};
      var table = DATA.metrics[version === '4.0' ? '4.0' : '3'];
      table.forEach(function (m) {
        if (m.group === 'supplemental') {
          return;
        }
        var l = document.createElement('label');
        l.title = m.meaning;
        l.appendChild(text(m.name + ' (' + m.abbr + ') '));
        var s = document.createElement('select');
        s.name = 'calc-' + m.abbr;
        m.values.forEach(function (val, i) {
          var o = document.createElement('option');
          o.value = val;
          o.textContent = m.names[i] + ' (' + val + ')';
          s.appendChild(o);
        });
        if (given && given.m[m.abbr] !== undefined) {
          s.value = given.m[m.abbr];
        }
        s.addEventListener('change', update);
        selects[m.abbr] = { def: m, el: s };
        l.appendChild(s);
        (m.group === 'base' ? grid : moreGrid).appendChild(l);
        if (m.group !== 'base' && s.value !== 'X') {
          more.open = true;
        }
      });
    }

    function vectorOfSelects() {
      var version = versionSelect.value;
      var parts = ['CVSS:' + version];
      DATA.metrics[version === '4.0' ? '4.0' : '3'].forEach(function (m) {
        var s = selects[m.abbr];
        if (s && (m.mandatory || s.el.value !== 'X')) {
          parts.push(m.abbr + ':' + s.el.value);
        }
      });
      return parts.join('/');
    }

    function show(vector) {
      var s = score(vector);
      if (!s) {
        out.textContent = vector.trim() === '' ? '' : 'not a CVSS 3.x or 4.0 vector this calculator reads';
        return;
      }
      var t = 'CVSS ' + s.version + ' base ' + s.base.toFixed(1) + ' ' + s.severity;
      if (s.version !== '4.0') {
        t += ', temporal ' + s.temporal.toFixed(1) + ', environmental ' + s.environmental.toFixed(1);
      }
      out.textContent = t;
    }

    function update() {
      input.value = vectorOfSelects();
      show(input.value);
    }

    function fromInput() {
      var v = parse(input.value);
      if (v && v.version !== '3.0') {
        versionSelect.value = v.version;
        draw(v.version, v);
      }
      show(input.value);
    }

    versionSelect.addEventListener('change', function () {
      draw(versionSelect.value, null);
      update();
    });
    input.addEventListener('input', fromInput);
    var initial = parse(input.value);
    versionSelect.value = initial && initial.version !== '3.0' ? initial.version : '4.0';
    draw(versionSelect.value, initial);
    show(input.value);
  }

  var api = { parse: parse, score: score };
  root.EmbargoCvss = api;
  if (typeof module !== 'undefined' && module.exports) {
    module.exports = api;
  }
  if (typeof document !== 'undefined') {
    var start = function () {
      Array.prototype.forEach.call(document.querySelectorAll('form.cvss-calc'), build);
    };
    if (document.readyState === 'loading') {
      document.addEventListener('DOMContentLoaded', start);
    } else {
      start();
    }
  }
})(typeof globalThis !== 'undefined' ? globalThis : this);
