/*
 * Klient live chat for a company's website:
 *   <script src="https://crm.example.com/chat/widget.js" data-klient-chat="WIDGET-KEY" async></script>
 * Plain JavaScript, no framework, drawn in a shadow root so the website's styles and Klient's do not meet. Every
 * message is sent with an id of its own and sent again until Klient has stored it; the event stream resumes after
 * the last message it showed, so a dropped connection or a restarted server loses nothing. Nothing anybody wrote is
 * ever put into the page as HTML.
 */
(function () {
    'use strict';
    var tag = document.currentScript;
    if (!tag || !tag.getAttribute('data-klient-chat') || window.klientChatLoaded) {
        return;
    }
    window.klientChatLoaded = true;
    var key = tag.getAttribute('data-klient-chat');
    var base = tag.src.replace(/\/chat\/widget\.js(\?.*)?$/, '');
    var api = base + '/chat/w/' + encodeURIComponent(key);
    var stored = 'klient-chat:' + key;
    var language = (tag.getAttribute('data-language') || document.documentElement.lang || navigator.language || 'en')
        .slice(0, 2).toLowerCase();

    var config = null;
    var token = null;
    var state = { status: null };
    var source = null;
    var outbox = [];
    var shown = {};
    var typingTimer = null;
    var lastTyped = 0;

    var host = document.createElement('div');
    host.setAttribute('data-klient-chat-widget', '');
    var shadow = host.attachShadow ? host.attachShadow({ mode: 'open' }) : host;
    var style = document.createElement('style');
    style.textContent = [
        ':host { all: initial; }',
        '.k-root { position: fixed; right: 20px; bottom: 20px; z-index: 2147483000; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1d2433; }',
        '.k-launch { width: 56px; height: 56px; border-radius: 50%; border: 0; background: #2f5bea; color: #fff; cursor: pointer; box-shadow: 0 6px 20px rgba(20,30,50,.25); display: grid; place-items: center; margin-left: auto; }',
        '.k-launch svg { width: 26px; height: 26px; fill: none; stroke: currentColor; stroke-width: 2; stroke-linejoin: round; }',
        '.k-panel { width: min(360px, calc(100vw - 24px)); height: min(540px, calc(100vh - 100px)); background: #fff; border-radius: 14px; box-shadow: 0 12px 40px rgba(20,30,50,.28); display: flex; flex-direction: column; overflow: hidden; margin-bottom: 12px; }',
        '.k-panel[hidden] { display: none; }',
        '.k-head { background: #2f5bea; color: #fff; padding: 12px 14px; display: flex; align-items: center; gap: 8px; }',
        '.k-head strong { flex: 1; font-size: 15px; }',
        '.k-head button { background: none; border: 0; color: #fff; font-size: 20px; cursor: pointer; line-height: 1; }',
        '.k-body { flex: 1; overflow-y: auto; padding: 12px; background: #f6f7fb; }',
        '.k-intro { margin: 0 0 10px; color: #4a5368; }',
        '.k-form { display: flex; flex-direction: column; gap: 8px; }',
        '.k-form input, .k-form textarea, .k-compose textarea { font: inherit; padding: 8px 10px; border: 1px solid #cfd5e2; border-radius: 8px; background: #fff; color: inherit; resize: none; box-sizing: border-box; width: 100%; }',
        '.k-btn { font: inherit; font-weight: 600; background: #2f5bea; color: #fff; border: 0; border-radius: 8px; padding: 8px 14px; cursor: pointer; }',
        '.k-btn.k-light { background: #e8eefd; color: #2246c0; }',
        '.k-msgs { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; gap: 6px; }',
        '.k-msg { max-width: 82%; padding: 7px 10px; border-radius: 12px; background: #fff; border: 1px solid #e3e7f0; align-self: flex-start; white-space: pre-wrap; word-break: break-word; }',
        '.k-msg.k-mine { align-self: flex-end; background: #2f5bea; color: #fff; border-color: #2f5bea; }',
        '.k-msg.k-pending { opacity: .6; }',
        '.k-msg.k-system { align-self: center; background: none; border: 0; color: #6b7385; font-size: 12px; text-align: center; }',
        '.k-msg .k-who { display: block; font-size: 11px; font-weight: 600; opacity: .75; }',
        '.k-msg a { color: inherit; }',
        '.k-typing { font-size: 12px; color: #6b7385; margin: 6px 2px 0; }',
        '.k-compose { border-top: 1px solid #e3e7f0; padding: 8px; display: flex; gap: 6px; align-items: flex-end; background: #fff; }',
        '.k-compose textarea { flex: 1; min-height: 38px; max-height: 120px; }',
        '.k-attach { cursor: pointer; padding: 8px; color: #4a5368; }',
        '.k-attach input { display: none; }',
        '.k-attach svg { width: 20px; height: 20px; fill: none; stroke: currentColor; stroke-width: 2; stroke-linecap: round; display: block; }',
        '.k-bar { display: flex; gap: 6px; flex-wrap: wrap; padding: 6px 8px 0; background: #fff; }',
        '.k-bar button { font: inherit; font-size: 12px; background: none; border: 1px solid #cfd5e2; border-radius: 999px; padding: 3px 10px; cursor: pointer; color: #2246c0; }',
        '.k-stars { display: flex; gap: 4px; }',
        '.k-stars button { font-size: 24px; background: none; border: 0; cursor: pointer; color: #c7cbd6; padding: 0 2px; }',
        '.k-stars button.k-on { color: #f2a900; }',
        '.k-note { color: #4a5368; font-size: 13px; margin: 8px 0; }',
        '.k-error { color: #b3261e; font-size: 13px; }',
        '.k-hidden { display: none !important; }'
    ].join('\n');
    shadow.appendChild(style);
    var rootBox = el('div', 'k-root');
    shadow.appendChild(rootBox);

    function el(name, className, text) {
        var node = document.createElement(name);
        if (className) {
            node.className = className;
        }
        if (text !== undefined && text !== null) {
            node.textContent = text;
        }
        return node;
    }

    function word(name) {
        return config && config.words[name] ? config.words[name] : name;
    }

    function send(path, body, method) {
        var options = { method: method || 'POST', mode: 'cors', credentials: 'omit', headers: {} };
        if (body instanceof FormData) {
            options.body = body;
        } else if (body !== undefined) {
            options.headers['Content-Type'] = 'application/json';
            options.body = JSON.stringify(body);
        }
        return fetch(api + path, options);
    }

    function problem(response) {
        return response.json().then(function (json) {
            if (json.errors && json.errors.length) {
                return json.errors[0].message || json.detail;
            }
            return json.detail || word('error');
        }, function () { return word('error'); });
    }

    function newId() {
        var bytes = new Uint8Array(12);
        (window.crypto || window.msCrypto).getRandomValues(bytes);
        return Array.prototype.map.call(bytes, function (b) { return ('0' + b.toString(16)).slice(-2); }).join('');
    }

    // ---- the frame: a button and a panel
    var panel = el('div', 'k-panel');
    panel.hidden = true;
    var head = el('div', 'k-head');
    var title = el('strong');
    var close = el('button', null, '×');
    close.type = 'button';
    head.appendChild(title);
    head.appendChild(close);
    var body = el('div', 'k-body');
    var messages = el('ul', 'k-msgs');
    var typing = el('p', 'k-typing k-hidden');
    var waiting = el('p', 'k-typing k-hidden');
    var bar = el('div', 'k-bar k-hidden');
    var compose = el('form', 'k-compose k-hidden');
    var box = el('textarea');
    box.rows = 1;
    var attach = el('label', 'k-attach');
    attach.innerHTML = '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M20 11.5l-7.8 7.8a5 5 0 0 1-7.1-7.1l8.5-8.5a3.3 3.3 0 0 1 4.7 4.7l-8.5 8.5a1.7 1.7 0 0 1-2.4-2.4l7.8-7.8"/></svg>';
    var file = el('input');
    file.type = 'file';
    attach.appendChild(file);
    var sendButton = el('button', 'k-btn');
    sendButton.type = 'submit';
    compose.appendChild(attach);
    compose.appendChild(box);
    compose.appendChild(sendButton);
    panel.appendChild(head);
    panel.appendChild(body);
    panel.appendChild(bar);
    panel.appendChild(compose);
    var launch = el('button', 'k-launch');
    launch.type = 'button';
    launch.innerHTML = '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M4 5h16v11H9l-5 4z"/></svg>';
    rootBox.appendChild(panel);
    rootBox.appendChild(launch);

    launch.addEventListener('click', function () {
        panel.hidden = !panel.hidden;
        if (!panel.hidden) {
            render();
        }
    });
    close.addEventListener('click', function () { panel.hidden = true; });

    // ---- what the panel shows
    function clear(node) {
        while (node.firstChild) {
            node.removeChild(node.firstChild);
        }
    }

    function render() {
        title.textContent = word('title');
        close.setAttribute('aria-label', word('close'));
        launch.setAttribute('aria-label', word('open'));
        sendButton.textContent = word('send');
        box.placeholder = word('message');
        box.maxLength = config ? config.maxText : 2000;
        attach.title = word('attach');
        if (token) {
            showChat();
        } else {
            showStart();
        }
    }

    function field(form, name, type, label, required) {
        var input = el(type === 'textarea' ? 'textarea' : 'input');
        if (type !== 'textarea') {
            input.type = type;
        } else {
            input.rows = 3;
        }
        input.name = name;
        input.placeholder = label;
        input.setAttribute('aria-label', label);
        input.required = !!required;
        form.appendChild(input);
        return input;
    }

    function showStart() {
        clear(body);
        compose.classList.add('k-hidden');
        bar.classList.add('k-hidden');
        var offline = !config.open;
        body.appendChild(el('p', 'k-intro', word(offline ? 'offline' : 'intro')));
        var form = el('form', 'k-form');
        var name = field(form, 'name', 'text', word('name'), false);
        var email = field(form, 'email', 'email', word('email'), offline);
        var message = field(form, 'message', 'textarea', word('message'), true);
        var error = el('p', 'k-error k-hidden');
        var go = el('button', 'k-btn', word(offline ? 'send' : 'start'));
        go.type = 'submit';
        form.appendChild(error);
        form.appendChild(go);
        body.appendChild(form);
        form.addEventListener('submit', function (event) {
            event.preventDefault();
            go.disabled = true;
            var start = { name: name.value, email: email.value, message: message.value, clientId: newId(),
                pageUrl: location.href, pageTitle: document.title, language: language };
            send(offline ? '/offline' : '/chats', start).then(function (response) {
                go.disabled = false;
                if (!response.ok) {
                    return problem(response).then(function (said) {
                        error.textContent = said;
                        error.classList.remove('k-hidden');
                    });
                }
                return response.json().then(function (answer) {
                    if (offline) {
                        clear(body);
                        body.appendChild(el('p', 'k-note', word('offlineSent')));
                        return;
                    }
                    token = answer.token;
                    try { localStorage.setItem(stored, token); } catch (e) { /* private mode: this page only */ }
                    shown = {};
                    showChat();
                });
            }, function () {
                go.disabled = false;
                error.textContent = word('error');
                error.classList.remove('k-hidden');
            });
        });
    }

    function showChat() {
        clear(body);
        body.appendChild(messages);
        body.appendChild(waiting);
        body.appendChild(typing);
        compose.classList.remove('k-hidden');
        listen();
        drawBar();
    }

    function drawBar() {
        clear(bar);
        var buttons = [];
        if (state.status === 'BOT') {
            buttons.push([word('person'), function () { send('/chats/' + token + '/person'); }]);
        }
        if (state.status && state.status !== 'ENDED') {
            buttons.push([word('end'), function () { send('/chats/' + token + '/end'); }]);
        }
        buttons.forEach(function (b) {
            var button = el('button', null, b[0]);
            button.type = 'button';
            button.addEventListener('click', b[1]);
            bar.appendChild(button);
        });
        bar.classList.toggle('k-hidden', buttons.length === 0);
        waiting.textContent = word('waiting');
        waiting.classList.toggle('k-hidden', state.status !== 'WAITING');
        compose.classList.toggle('k-hidden', state.status === 'ENDED');
        var ending = body.querySelector('.k-end');
        if (state.status === 'ENDED' && !ending) {
            body.appendChild(ended());
        }
        var asking = body.querySelector('.k-intro-form');
        var ask = (state.status === 'WAITING' || state.status === 'BOT') && state.needsEmail;
        if (ask && !asking) {
            body.insertBefore(introduce(), typing);
        } else if (!ask && asking) {
            asking.remove();
        }
    }

    function introduce() {
        var form = el('form', 'k-form k-intro-form');
        form.appendChild(el('p', 'k-note', word('introduce')));
        var email = field(form, 'email', 'email', word('email'), true);
        var error = el('p', 'k-error k-hidden');
        var go = el('button', 'k-btn k-light', word('send'));
        go.type = 'submit';
        form.appendChild(error);
        form.appendChild(go);
        form.addEventListener('submit', function (event) {
            event.preventDefault();
            send('/chats/' + token + '/introduce', { email: email.value }).then(function (response) {
                if (response.ok) {
                    form.remove();
                    return;
                }
                return problem(response).then(function (said) {
                    error.textContent = said;
                    error.classList.remove('k-hidden');
                });
            });
        });
        return form;
    }

    function ended() {
        var box2 = el('div', 'k-end');
        box2.appendChild(el('p', 'k-note', word('ended')));
        if (state.rated) {
            box2.appendChild(el('p', 'k-note', word('rated')));
        } else {
            box2.appendChild(el('p', 'k-note', word('rate')));
            var stars = el('div', 'k-stars');
            var comment = el('textarea');
            comment.rows = 2;
            comment.placeholder = word('comment');
            comment.maxLength = 2000;
            var score = 0;
            for (var i = 1; i <= 5; i++) {
                (function (n) {
                    var star = el('button', null, '★');
                    star.type = 'button';
                    star.setAttribute('aria-label', n + ' / 5');
                    star.addEventListener('click', function () {
                        score = n;
                        Array.prototype.forEach.call(stars.children, function (s, j) {
                            s.classList.toggle('k-on', j < n);
                        });
                    });
                    stars.appendChild(star);
                }(i));
            }
            var go = el('button', 'k-btn', word('send'));
            go.type = 'button';
            go.addEventListener('click', function () {
                if (!score) {
                    return;
                }
                send('/chats/' + token + '/rating', { score: score, comment: comment.value }).then(function () {
                    clear(box2);
                    box2.appendChild(el('p', 'k-note', word('thanks')));
                    box2.appendChild(again);
                });
            });
            box2.appendChild(stars);
            var form = el('div', 'k-form');
            form.appendChild(comment);
            form.appendChild(go);
            box2.appendChild(form);
        }
        var again = el('button', 'k-btn k-light', word('start'));
        again.type = 'button';
        again.addEventListener('click', function () {
            forget();
            render();
        });
        box2.appendChild(again);
        return box2;
    }

    function forget() {
        if (source) {
            source.close();
            source = null;
        }
        token = null;
        state = { status: null };
        shown = {};
        outbox = [];
        clear(messages);
        try { localStorage.removeItem(stored); } catch (e) { /* nothing kept */ }
    }

    function draw(message) {
        var pending = message.clientId ? messages.querySelector('[data-client="' + message.clientId + '"]') : null;
        if (shown[message.id]) {
            return;
        }
        shown[message.id] = true;
        var item = pending || el('li');
        clear(item);
        item.className = 'k-msg' + (message.mine ? ' k-mine' : '') + (message.author === 'SYSTEM' ? ' k-system' : '');
        item.setAttribute('data-id', message.id);
        if (!message.mine && message.author !== 'SYSTEM') {
            item.appendChild(el('span', 'k-who', message.name || word(message.author === 'BOT' ? 'bot' : 'agent')));
        }
        if (message.text) {
            item.appendChild(document.createTextNode(message.text));
        }
        if (message.file) {
            var link = el('a', null, message.file);
            link.href = api + '/chats/' + token + '/files/' + message.fileId;
            link.rel = 'noopener';
            item.appendChild(link);
        }
        if (!pending) {
            messages.appendChild(item);
        }
        if (message.author !== 'VISITOR') {
            typing.classList.add('k-hidden');
        }
        body.scrollTop = body.scrollHeight;
    }

    function listen() {
        if (source || !token) {
            return;
        }
        source = new EventSource(api + '/chats/' + token + '/events');
        source.addEventListener('message', function (event) {
            draw(JSON.parse(event.data));
        });
        source.addEventListener('status', function (event) {
            state = JSON.parse(event.data);
            drawBar();
        });
        source.addEventListener('typing', function () {
            typing.textContent = word('typing');
            typing.classList.remove('k-hidden');
            clearTimeout(typingTimer);
            typingTimer = setTimeout(function () { typing.classList.add('k-hidden'); }, 4000);
        });
        source.addEventListener('error', function () {
            // the browser reconnects by itself with the last event's id; a chat that is gone is forgotten
            if (source && source.readyState === EventSource.CLOSED) {
                source = null;
                fetch(api + '/chats/' + token, { mode: 'cors', credentials: 'omit' }).then(function (response) {
                    if (response.status === 404) {
                        forget();
                        render();
                    } else {
                        setTimeout(listen, 2000);
                    }
                }, function () { setTimeout(listen, 2000); });
            }
        });
    }

    // ---- sending: kept until stored, sent again after a failure
    function flush() {
        if (!outbox.length || !token) {
            return;
        }
        var next = outbox[0];
        if (next.sending) {
            return;
        }
        next.sending = true;
        var request = next.file ? send('/chats/' + token + '/files', next.file)
            : send('/chats/' + token + '/messages', { body: next.text, clientId: next.clientId,
                pageUrl: location.href, pageTitle: document.title });
        request.then(function (response) {
            next.sending = false;
            if (response.ok || (response.status >= 400 && response.status < 500 && response.status !== 429)) {
                outbox.shift();
                if (!response.ok) {
                    problem(response).then(function (said) {
                        var item = messages.querySelector('[data-client="' + next.clientId + '"]');
                        if (item) {
                            item.appendChild(el('span', 'k-error', ' ' + said));
                        }
                    });
                }
                flush();
            } else {
                // too fast or Klient unreachable: the message waits and is sent again, and the visitor is told why
                if (response.status === 429) {
                    problem(response).then(function (said) { tell(next.clientId, said); });
                }
                setTimeout(flush, response.status === 429 ? 10000 : 2000);
            }
        }, function () {
            next.sending = false;
            setTimeout(flush, 2000);
        });
    }

    function tell(clientId, said) {
        var item = messages.querySelector('[data-client="' + clientId + '"]');
        if (item && !item.querySelector('.k-error')) {
            item.appendChild(el('span', 'k-error', ' ' + said));
        }
    }

    compose.addEventListener('submit', function (event) {
        event.preventDefault();
        var text = box.value.trim();
        if (!text) {
            return;
        }
        var clientId = newId();
        var item = el('li', 'k-msg k-mine k-pending');
        item.setAttribute('data-client', clientId);
        item.appendChild(document.createTextNode(text));
        messages.appendChild(item);
        body.scrollTop = body.scrollHeight;
        box.value = '';
        outbox.push({ clientId: clientId, text: text });
        flush();
    });
    box.addEventListener('keydown', function (event) {
        if (event.key === 'Enter' && !event.shiftKey) {
            event.preventDefault();
            compose.requestSubmit ? compose.requestSubmit() : compose.dispatchEvent(new Event('submit'));
        }
    });
    box.addEventListener('input', function () {
        var now = Date.now();
        if (token && now - lastTyped > 3000) {
            lastTyped = now;
            send('/chats/' + token + '/typing');
        }
    });
    file.addEventListener('change', function () {
        if (!file.files.length) {
            return;
        }
        var clientId = newId();
        var data = new FormData();
        data.append('file', file.files[0]);
        data.append('clientId', clientId);
        var item = el('li', 'k-msg k-mine k-pending', file.files[0].name);
        item.setAttribute('data-client', clientId);
        messages.appendChild(item);
        outbox.push({ clientId: clientId, file: data });
        file.value = '';
        flush();
    });

    // ---- start: the settings in the visitor's language, and a chat to come back to
    try { token = localStorage.getItem(stored); } catch (e) { token = null; }
    fetch(api + '/config?lang=' + encodeURIComponent(language), { mode: 'cors', credentials: 'omit' })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (answer) {
            if (!answer) {
                return;
            }
            config = answer;
            document.body.appendChild(host);
            render();
            if (token) {
                panel.hidden = false;
            }
        }, function () { /* Klient unreachable: no button */ });
}());
