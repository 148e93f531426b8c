// Embeds the chat page in another site with one tag:
//   <script src="https://问答服务器/embed.js" async></script>                  a floating 「在线问答」 button
//   <script src="https://问答服务器/embed.js" data-mode="inline" data-height="640" async></script>   the page in place
(function () {
  var script = document.currentScript;
  if (!script) return;
  // the page beside this script (also under a path prefix such as /wenda/)
  var base = new URL('.', new URL(script.src, location.href)).href;
  var mode = script.getAttribute('data-mode') || 'float';
  var frame = document.createElement('iframe');
  frame.src = base + '?embed=1';
  frame.title = '政府信息公开年报问答';
  frame.setAttribute('loading', 'lazy');
  frame.style.border = '0';
  if (mode === 'inline') {
    frame.style.width = '100%';
    frame.style.height = (parseInt(script.getAttribute('data-height'), 10) || 640) + 'px';
    script.parentNode.insertBefore(frame, script.nextSibling);
    return;
  }
  var button = document.createElement('button');
  button.type = 'button';
  button.textContent = script.getAttribute('data-label') || '在线问答';
  button.style.cssText = 'position:fixed;right:16px;bottom:16px;z-index:2147483646;padding:10px 16px;border:0;border-radius:24px;background:#b3191b;color:#fff;font-size:15px;box-shadow:0 2px 8px rgba(0,0,0,.25);cursor:pointer';
  frame.style.cssText += ';position:fixed;right:16px;bottom:68px;z-index:2147483647;width:min(400px,calc(100vw - 32px));height:min(640px,calc(100vh - 96px));border-radius:12px;box-shadow:0 4px 24px rgba(0,0,0,.3);background:#fff;display:none';
  button.addEventListener('click', function () {
    frame.style.display = frame.style.display === 'none' ? 'block' : 'none';
  });
  document.body.appendChild(frame);
  document.body.appendChild(button);
})();
