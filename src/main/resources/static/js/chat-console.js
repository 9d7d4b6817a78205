// The chat console (channels/chat): messages arrive through the console's event stream, which resumes after the
// last one it showed; the agent's answers are posted and appear when stored. Text from visitors is only ever set as
// text, never as HTML.
(function () {
    var root = document.querySelector('.chat-console');
    if (!root || !window.EventSource) {
        return;
    }
    var chatId = root.getAttribute('data-chat');
    var status = root.getAttribute('data-status');
    var transcript = document.getElementById('chat-transcript');
    var typing = document.getElementById('chat-typing');
    var form = document.getElementById('chat-reply');
    var error = document.getElementById('chat-error');
    var csrf = document.querySelector('meta[name="_csrf"]');
    var csrfHeader = document.querySelector('meta[name="_csrf_header"]');
    var typingTimer = null;
    var lastTyped = 0;

    function headers(extra) {
        var all = { 'X-Klient-Fetch': '1' };
        if (csrf && csrfHeader) {
            all[csrfHeader.content] = csrf.content;
        }
        for (var name in extra || {}) {
            all[name] = extra[name];
        }
        return all;
    }

    function post(url, body, type) {
        var extra = type ? { 'Content-Type': type } : {};
        return fetch(url, { method: 'POST', headers: headers(extra), body: body, credentials: 'same-origin' });
    }

    function scrollDown() {
        if (transcript) {
            transcript.scrollTop = transcript.scrollHeight;
        }
    }

    function append(message) {
        if (!transcript || transcript.querySelector('[data-id="' + message.id + '"]')) {
            return;
        }
        var item = document.createElement('li');
        item.className = 'chat-message from-' + String(message.author).toLowerCase() + (message.mine ? ' mine' : '');
        item.setAttribute('data-id', message.id);
        var who = document.createElement('span');
        who.className = 'chat-who';
        who.textContent = message.name || root.getAttribute('data-author-' + String(message.author).toLowerCase()) || '';
        item.appendChild(who);
        if (message.text) {
            var text = document.createElement('span');
            text.className = 'chat-text';
            text.textContent = message.text;
            item.appendChild(text);
        }
        if (message.file) {
            var link = document.createElement('a');
            link.className = 'chat-file';
            link.href = '/chat/' + chatId + '/files/' + message.fileId;
            link.textContent = message.file;
            item.appendChild(link);
        }
        var at = document.createElement('time');
        at.className = 'chat-at';
        at.setAttribute('datetime', message.at);
        at.textContent = message.time || '';
        item.appendChild(at);
        transcript.appendChild(item);
        if (typing) {
            typing.hidden = true;
        }
        scrollDown();
    }

    function refreshQueue() {
        if (window.htmx) {
            htmx.ajax('GET', '/chat/queue' + (chatId ? '?open=' + chatId : ''), { target: '#chat-queue', swap: 'outerHTML' });
        }
    }

    var url = '/chat/events' + (chatId ? '?chat=' + chatId + '&after=' + root.getAttribute('data-after') : '');
    var source = new EventSource(url);
    source.addEventListener('message', function (event) {
        append(JSON.parse(event.data));
    });
    source.addEventListener('typing', function () {
        if (!typing) {
            return;
        }
        typing.hidden = false;
        clearTimeout(typingTimer);
        typingTimer = setTimeout(function () { typing.hidden = true; }, 4000);
    });
    source.addEventListener('queue', refreshQueue);
    source.addEventListener('status', function (event) {
        var state = JSON.parse(event.data);
        if (status && state.status !== status) {
            // taken by someone, ended by the visitor: the page shows what may be done now
            window.location.reload();
        }
    });

    // the agent counts as available only while a console is open
    function present() {
        post('/chat/presence');
    }
    present();
    setInterval(present, 30000);

    if (form) {
        var box = form.querySelector('textarea');
        var canned = document.getElementById('chat-canned');
        if (canned) {
            canned.addEventListener('change', function () {
                if (canned.value) {
                    box.value = box.value ? box.value + '\n' + canned.value : canned.value;
                    canned.value = '';
                    box.focus();
                }
            });
        }
        box.addEventListener('input', function () {
            var now = Date.now();
            if (now - lastTyped > 3000) {
                lastTyped = now;
                post('/chat/' + chatId + '/typing');
            }
        });
        box.addEventListener('keydown', function (event) {
            if (event.key === 'Enter' && !event.shiftKey) {
                event.preventDefault();
                form.requestSubmit();
            }
        });
        form.addEventListener('submit', function (event) {
            event.preventDefault();
            var text = box.value.trim();
            if (!text) {
                return;
            }
            var body = new URLSearchParams();
            body.set('body', text);
            post(form.action, body.toString(), 'application/x-www-form-urlencoded').then(function (response) {
                if (response.ok) {
                    box.value = '';
                    error.hidden = true;
                    if (status !== 'ACTIVE') {
                        window.location.reload();
                    }
                    return;
                }
                return response.text().then(function (said) {
                    error.textContent = said;
                    error.hidden = false;
                });
            });
        });
        var file = document.getElementById('chat-file');
        if (file) {
            file.addEventListener('change', function () {
                if (!file.files.length) {
                    return;
                }
                var data = new FormData();
                data.append('file', file.files[0]);
                post(file.getAttribute('data-action'), data).then(function (response) {
                    file.value = '';
                    if (!response.ok) {
                        return response.text().then(function (said) {
                            error.textContent = said;
                            error.hidden = false;
                        });
                    }
                });
            });
        }
    }
    scrollDown();
}());
