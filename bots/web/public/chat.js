// The chat page: questions to POST /api/ask in one conversation (its id kept in localStorage),
// answers with their source lines, suggestions and choices as buttons, the report list, and the
// staff upload for 报告自检. No framework; every text from the server is set as text, never as HTML.
(function () {
  'use strict';
  var KEY = 'gongkai-conversation';
  var memory = null;

  function newId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return 'c' + Date.now().toString(36) + Math.random().toString(36).slice(2, 10);
  }
  function conversation() {
    try {
      var id = localStorage.getItem(KEY);
      if (!id) {
        id = newId();
        localStorage.setItem(KEY, id);
      }
      return id;
    } catch (e) {
      return memory || (memory = newId());
    }
  }
  function restart() {
    memory = null;
    try {
      localStorage.removeItem(KEY);
    } catch (e) {
      /* no storage: memory only */
    }
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }
  var $ = function (id) {
    return document.getElementById(id);
  };
  var log = $('log');
  // shown in another site's iframe (embed.js): no title bar, the host page has its own
  if (/[?&]embed=1\b/.test(location.search)) document.body.classList.add('embedded');

  function scrollDown() {
    log.scrollTop = log.scrollHeight;
  }

  function buttons(list, cls, onPick) {
    var box = el('div', 'suggestions');
    list.forEach(function (item) {
      var b = el('button', cls, item.label);
      b.type = 'button';
      b.addEventListener('click', function () {
        onPick(item.question);
      });
      box.appendChild(b);
    });
    return box;
  }

  function showAnswer(data) {
    var m = el('div', 'msg bot answer');
    m.appendChild(el('p', 'body', data.body || data.answer));
    (data.notes || []).forEach(function (n) {
      m.appendChild(el('p', 'note', n));
    });
    if (data.image && data.image.src) {
      var img = el('img');
      img.src = data.image.src;
      img.alt = data.image.alt || '';
      m.appendChild(img);
    }
    if (data.sources && data.sources.length) {
      var s = el('div', 'sources');
      data.sources.forEach(function (line) {
        s.appendChild(el('p', 'source', line));
      });
      m.appendChild(s);
    }
    if (data.choices && data.choices.length) {
      m.appendChild(buttons(data.choices, 'choice', ask));
    }
    if (data.suggestions && data.suggestions.length) {
      m.appendChild(
        buttons(
          data.suggestions.slice(0, 4).map(function (q) {
            return { label: q, question: q };
          }),
          'suggestion',
          ask,
        ),
      );
    }
    log.appendChild(m);
    scrollDown();
  }

  function showError(text) {
    log.appendChild(el('div', 'msg bot error', text));
    scrollDown();
  }

  var busy = false;
  function ask(question) {
    question = (question || '').trim();
    if (!question || busy) return;
    busy = true;
    $('send').disabled = true;
    log.appendChild(el('div', 'msg user', question));
    scrollDown();
    fetch('api/ask', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ question: question, conversation: conversation() }),
    })
      .then(function (r) {
        return r.json().then(function (data) {
          if (!r.ok) throw new Error(data.error || '服务器没有回答（' + r.status + '）');
          return data;
        });
      })
      .then(showAnswer)
      .catch(function (e) {
        showError(e && e.message && !/fetch|network|JSON/i.test(e.message) ? e.message : '网络连接出了问题，请稍后再试。');
      })
      .then(function () {
        busy = false;
        $('send').disabled = false;
        $('question').focus();
      });
  }

  $('ask').addEventListener('submit', function (ev) {
    ev.preventDefault();
    var q = $('question').value;
    $('question').value = '';
    ask(q);
  });
  $('restart').addEventListener('click', function () {
    restart();
    while (log.children.length > 1) log.removeChild(log.lastChild);
  });

  // tabs
  var tabs = document.querySelectorAll('nav button');
  Array.prototype.forEach.call(tabs, function (t) {
    t.addEventListener('click', function () {
      Array.prototype.forEach.call(tabs, function (o) {
        o.setAttribute('aria-selected', String(o === t));
        $(o.getAttribute('data-tab')).hidden = o !== t;
      });
      if (t.getAttribute('data-tab') === 'reports') loadReports();
    });
  });

  function loadReports() {
    fetch('api/reports')
      .then(function (r) {
        return r.json();
      })
      .then(function (data) {
        $('reports-summary').textContent = data.count ? '知识库中共有 ' + data.count + ' 份报告' + (data.reports.length < data.count ? '，下面列出其中 ' + data.reports.length + ' 份' : '') + '：' : '知识库中还没有任何报告。';
        var ul = $('report-list');
        ul.textContent = '';
        data.reports.forEach(function (r) {
          var li = el('li', null, r.title + (r.published ? '（' + r.published + '发布）' : ''));
          if (r.facts !== undefined) li.appendChild(el('div', 'note', '表格数字 ' + r.facts + ' 个，叙述数字 ' + r.figures + ' 个' + (r.unread ? '，' + r.unread + ' 处未能读出' : '') + (r.findings ? '，自检发现 ' + r.findings + ' 处数字对不上' : '')));
          var b = el('button', 'link', '问这份报告');
          b.type = 'button';
          b.addEventListener('click', function () {
            tabs[0].click();
            $('question').value = r.agency + r.year + '年';
            $('question').focus();
          });
          li.appendChild(b);
          ul.appendChild(li);
        });
      })
      .catch(function () {
        $('reports-summary').textContent = '报告列表没能读取，请稍后再试。';
      });
  }

  // the first screen: example questions
  fetch('api/info')
    .then(function (r) {
      return r.json();
    })
    .then(function (info) {
      $('examples').appendChild(
        buttons(
          (info.examples || []).slice(0, 4).map(function (q) {
            return { label: q, question: q };
          }),
          'suggestion',
          ask,
        ),
      );
      if (info.extensions && info.extensions.length) $('file').setAttribute('accept', info.extensions.join(','));
      if (info.staffToken) $('token-row').hidden = false;
      if (info.canAdd) $('add-row').hidden = false;
    })
    .catch(function () {
      /* the page works without examples */
    });

  // 报告自检
  function table(head, rows) {
    var wrap = el('div', 'table-wrap');
    var t = el('table');
    var tr = el('tr');
    head.forEach(function (h) {
      tr.appendChild(el('th', null, h));
    });
    t.appendChild(tr);
    rows.forEach(function (r) {
      var row = el('tr');
      r.forEach(function (c) {
        row.appendChild(el('td', typeof c === 'number' ? 'num' : null, String(c)));
      });
      t.appendChild(row);
    });
    wrap.appendChild(t);
    return wrap;
  }

  function showCheck(data) {
    var c = data.check;
    var out = $('check-result');
    out.textContent = '';
    out.appendChild(el('h2', null, c.title || data.file));
    if (data.added) out.appendChild(el('p', 'ok', data.added));
    var read = [];
    ['二', '三', '四'].forEach(function (t) {
      read.push('表' + t + ' ' + (c.tables[t] || 0) + ' 个数字' + (c.versions[t] ? '（' + c.versions[t] + '版模板）' : ''));
    });
    out.appendChild(el('h3', null, '读出的内容'));
    out.appendChild(el('p', null, c.agency + ' ' + c.year + '年' + (c.published ? '，' + c.published + '发布' : '') + '。' + read.join('；') + '；叙述中的数字 ' + c.narrative + ' 个，提到的文件 ' + c.documents + ' 份。'));
    out.appendChild(el('h3', null, '未能读出的内容（' + c.unread.length + '）'));
    if (!c.unread.length) out.appendChild(el('p', 'ok', '没有未能读出的内容。'));
    else
      out.appendChild(
        table(
          ['表', '内容', '原因', '位置'],
          c.unread.map(function (u) {
            return [u.table, u.what, u.why, u.where];
          }),
        ),
      );
    out.appendChild(el('h3', null, '报告自检（' + c.findings.length + ' 处发现）'));
    if (!c.findings.length) out.appendChild(el('p', 'ok', '按模板的勾稽关系和各项检查核对，没有发现问题。'));
    else
      out.appendChild(
        table(
          ['级别', '类别', '表', '行', '列', '应为', '印为', '说明'],
          c.findings.map(function (f) {
            return [f.severity, f.kind, f.table, f.row, f.column, f.expected == null ? '' : f.expected, f.printed == null ? '' : f.printed, f.message];
          }),
        ),
      );
  }

  $('upload').addEventListener('submit', function (ev) {
    ev.preventDefault();
    var f = $('file').files[0];
    if (!f) return;
    var out = $('check-result');
    out.textContent = '正在读取 ' + f.name + ' ……';
    $('upload-button').disabled = true;
    var headers = { 'content-type': 'application/octet-stream' };
    if ($('token').value) headers['x-staff-token'] = $('token').value;
    fetch('api/check?name=' + encodeURIComponent(f.name) + ($('add').checked ? '&add=1' : ''), { method: 'POST', headers: headers, body: f })
      .then(function (r) {
        return r.json().then(function (data) {
          if (!r.ok) throw new Error(data.error || '上传失败（' + r.status + '）');
          return data;
        });
      })
      .then(showCheck)
      .catch(function (e) {
        out.textContent = '';
        out.appendChild(el('p', 'bad', e && e.message ? e.message : '上传失败，请稍后再试。'));
      })
      .then(function () {
        $('upload-button').disabled = false;
      });
  });
})();
