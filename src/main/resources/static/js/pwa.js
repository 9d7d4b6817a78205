// Klient as an installed app: registers the service worker (/sw.js), shows the "offline copy" note on a page the
// worker served from the device, lists the cards kept on the offline page, and switches push on and off in this
// browser on the account page. Loaded as a file, so the CSP can forbid inline scripts.
(function () {
    'use strict';
    var worker = 'serviceWorker' in navigator ? navigator.serviceWorker : null;

    if (worker) {
        worker.register('/sw.js', { scope: '/' }).catch(function () {
        });
        if (worker.controller) {
            worker.controller.postMessage({ type: 'language', lang: document.documentElement.lang || 'en' });
        }
    }

    // signed out (or never signed in): nobody's cards stay on this device
    if (location.pathname === '/login' && window.caches) {
        caches.keys().then(function (names) {
            names.filter(function (name) {
                return name.indexOf('klient-cards-') === 0;
            }).forEach(function (name) {
                caches.delete(name);
            });
        });
        if (worker && worker.controller) {
            worker.controller.postMessage({ type: 'signed-out' });
        }
    }

    function when(iso) {
        var at = new Date(iso);
        if (isNaN(at.getTime())) {
            return iso;
        }
        try {
            return new Intl.DateTimeFormat(document.documentElement.lang || undefined,
                { dateStyle: 'medium', timeStyle: 'short' }).format(at);
        }
        catch (e) {
            return at.toLocaleString();
        }
    }

    function ready(fn) {
        if (document.readyState === 'loading') {
            document.addEventListener('DOMContentLoaded', fn);
        }
        else {
            fn();
        }
    }

    ready(function () {
        var note = document.querySelector('[data-offline-note]');
        if (note && note.getAttribute('data-offline-at')) {
            note.textContent = (note.getAttribute('data-text') || '{0}').replace('{0}', when(note.getAttribute('data-offline-at')));
            note.hidden = false;
            document.body.classList.add('offline-copy');
            // a kept page is for reading: it holds no CSRF token, so nothing it would send can work
            document.addEventListener('submit', function (event) {
                event.preventDefault();
            }, true);
        }
        offlinePage();
        pushSwitch();
    });

    function offlinePage() {
        var list = document.querySelector('[data-offline-cards]');
        var retry = document.querySelector('[data-offline-retry]');
        if (retry) {
            retry.addEventListener('click', function () {
                location.reload();
            });
        }
        if (!list || !window.caches) {
            return;
        }
        caches.keys().then(function (names) {
            return Promise.all(names.filter(function (name) {
                return name.indexOf('klient-cards-') === 0;
            }).map(function (name) {
                return caches.open(name).then(function (cache) {
                    return cache.keys().then(function (requests) {
                        return Promise.all(requests.map(function (request) {
                            return cache.match(request).then(function (kept) {
                                return { url: new URL(request.url).pathname, kept: kept };
                            });
                        }));
                    });
                });
            }));
        }).then(function (groups) {
            var cards = [].concat.apply([], groups).reverse();
            cards.forEach(function (card) {
                var title = decodeURIComponent(card.kept.headers.get('Klient-Title') || card.url);
                var text = new DOMParser().parseFromString(title, 'text/html').documentElement.textContent;
                var item = document.createElement('li');
                var link = document.createElement('a');
                link.href = card.url;
                link.textContent = text.replace(/\s·\sKlient$/, '');
                var at = document.createElement('span');
                at.className = 'muted small';
                at.textContent = ' ' + when(card.kept.headers.get('Klient-Cached-At') || '');
                item.appendChild(link);
                item.appendChild(at);
                list.appendChild(item);
            });
            var none = document.querySelector('[data-offline-none]');
            if (none) {
                none.hidden = cards.length > 0;
            }
        });
    }

    function csrf() {
        var token = document.querySelector('meta[name="_csrf"]');
        var header = document.querySelector('meta[name="_csrf_header"]');
        var headers = { 'Content-Type': 'application/json', 'Accept': 'application/json' };
        if (token && header && token.content) {
            headers[header.content] = token.content;
        }
        return headers;
    }

    function post(path, body) {
        return fetch(path, { method: 'POST', headers: csrf(), body: JSON.stringify(body), credentials: 'same-origin' });
    }

    function keyBytes(base64url) {
        var base64 = base64url.replace(/-/g, '+').replace(/_/g, '/');
        var raw = atob(base64 + '==='.slice((base64.length + 3) % 4));
        var bytes = new Uint8Array(raw.length);
        for (var i = 0; i < raw.length; i++) {
            bytes[i] = raw.charCodeAt(i);
        }
        return bytes;
    }

    function changed() {
        document.body.dispatchEvent(new CustomEvent('klient:push-changed', { bubbles: true }));
    }

    function pushSwitch() {
        var here = document.querySelector('[data-push-here]');
        if (!here) {
            return;
        }
        var on = here.querySelector('[data-push-enable]');
        var off = here.querySelector('[data-push-disable]');
        var state = here.querySelector('[data-push-state]');
        function say(which) {
            state.textContent = state.getAttribute('data-' + which) || '';
            here.setAttribute('data-state', which);
        }
        function show(subscription) {
            on.hidden = !!subscription;
            off.hidden = !subscription;
            on.disabled = false;
            off.disabled = false;
            say(subscription ? 'on' : 'off');
        }
        if (!worker || !('PushManager' in window) || !('Notification' in window)) {
            say('unsupported');
            return;
        }
        if (Notification.permission === 'denied') {
            say('denied');
            return;
        }
        show(null);
        worker.ready.then(function (registration) {
            return registration.pushManager.getSubscription();
        }).then(show, function () {
        });
        on.addEventListener('click', function () {
            on.disabled = true;
            Notification.requestPermission().then(function (permission) {
                if (permission !== 'granted') {
                    throw new Error('denied');
                }
                return Promise.all([worker.ready, fetch('/account/push/key', { headers: { 'Accept': 'application/json' } })
                    .then(function (response) {
                        return response.json();
                    })]);
            }).then(function (both) {
                return both[0].pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(both[1].publicKey) });
            }).then(function (subscription) {
                return post('/account/push/devices', subscription.toJSON()).then(function (response) {
                    if (!response.ok) {
                        subscription.unsubscribe();
                        throw new Error('refused');
                    }
                    return subscription;
                });
            }).then(function (subscription) {
                show(subscription);
                changed();
            }).catch(function (e) {
                show(null);
                say(e && e.message === 'denied' ? 'denied' : 'failed');
            });
        });
        off.addEventListener('click', function () {
            off.disabled = true;
            worker.ready.then(function (registration) {
                return registration.pushManager.getSubscription();
            }).then(function (subscription) {
                if (!subscription) {
                    return null;
                }
                return post('/account/push/unsubscribe', { endpoint: subscription.endpoint }).then(function () {
                    return subscription.unsubscribe();
                });
            }).then(function () {
                show(null);
                changed();
            }).catch(function () {
                show(null);
                say('failed');
            });
        });
    }
}());
