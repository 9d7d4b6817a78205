// What happens elsewhere, told to this page at once: a call ringing, a chat offered (platform/live). Each notice is
// shown for a while as a small card that opens its page; the page's own scripts hear it as a 'klient:live' event.
(function () {
    if (!window.EventSource || !document.querySelector('meta[name="_csrf"]')) {
        return;
    }
    var tray = null;
    function show(notice) {
        if (!notice.text) {
            return;
        }
        if (!tray) {
            tray = document.createElement('div');
            tray.className = 'live-tray';
            tray.setAttribute('role', 'status');
            tray.setAttribute('aria-live', 'polite');
            document.body.appendChild(tray);
        }
        var card = document.createElement(notice.url ? 'a' : 'div');
        card.className = 'live-notice live-' + String(notice.kind || 'note').replace(/[^a-z-]/g, '');
        if (notice.url && notice.url.charAt(0) === '/') {
            card.href = notice.url;
        }
        card.textContent = notice.text;
        var close = document.createElement('button');
        close.type = 'button';
        close.className = 'live-close';
        close.textContent = '×';
        var label = document.querySelector('meta[name="live-close"]');
        close.setAttribute('aria-label', label ? label.content : '');
        close.addEventListener('click', function (event) {
            event.preventDefault();
            card.remove();
        });
        card.appendChild(close);
        tray.appendChild(card);
        setTimeout(function () { card.remove(); }, 30000);
    }
    var source = new EventSource('/live');
    source.addEventListener('notice', function (event) {
        var notice = JSON.parse(event.data);
        show(notice);
        document.dispatchEvent(new CustomEvent('klient:live', { detail: notice }));
    });
}());
