// Klient's service worker (served from the root, so its scope is the whole application; see platform/pwa).
// - The app shell (CSS, scripts, icons, the offline page) is kept so a page opens without signal.
// - The last 20 customer cards a person opened are kept too, network first: read from the device only when the
//   network fails, with a visible "offline copy from <time>" note. They are kept under the key the server sends
//   with every page of a signed-in person (Klient-Cache-Key): a page without it (signed out) or with another key
//   (someone else signed in on this device) drops them.
// - Never kept: API answers, htmx fragments, anything but GET, and no CSRF token (it is cut out of a kept card).
// - A push (Web Push, activities/push) is shown as a notification that opens its link when clicked.
'use strict';

var VERSION = '1';
var SHELL = 'klient-shell-' + VERSION;
var STATE = 'klient-state';
var CARDS = 'klient-cards-';
var MAX_CARDS = 20;
var SHELL_FILES = ['/css/klient.css', '/js/klient.js', '/js/live.js', '/js/pwa.js',
    '/webjars/htmx.org/dist/htmx.min.js', '/webjars/sortablejs/Sortable.min.js', '/favicon.svg',
    '/img/icon-192.png', '/img/icon-512.png', '/offline'];
var CARD = /^\/(companies|contacts)\/\d+$/;

self.addEventListener('install', function (event) {
    event.waitUntil(caches.open(SHELL).then(function (cache) {
        return cache.addAll(SHELL_FILES);
    }).then(function () {
        return self.skipWaiting();
    }));
});

self.addEventListener('activate', function (event) {
    event.waitUntil(caches.keys().then(function (names) {
        return Promise.all(names.filter(function (name) {
            return name.indexOf('klient-shell-') === 0 && name !== SHELL;
        }).map(function (name) {
            return caches.delete(name);
        }));
    }).then(function () {
        return self.clients.claim();
    }));
});

self.addEventListener('fetch', function (event) {
    var request = event.request;
    if (request.method !== 'GET') {
        return;
    }
    var url = new URL(request.url);
    if (url.origin !== self.location.origin || url.pathname.indexOf('/api/') === 0 || url.pathname === '/sw.js'
            || request.headers.get('HX-Request') || request.headers.get('Accept') === 'text/event-stream') {
        return;
    }
    if (request.mode === 'navigate') {
        event.respondWith(page(request, url));
    }
    else if (SHELL_FILES.indexOf(url.pathname) >= 0) {
        event.respondWith(shellFile(request, url));
    }
});

/** A page from the network (noting whose it is, keeping it when it is a card); without signal, what is kept. */
function page(request, url) {
    return fetch(request).then(function (response) {
        return remember(url, response.clone()).catch(function () {
        }).then(function () {
            return response;
        });
    }, function () {
        return offlineCopy(url);
    });
}

function shellFile(request, url) {
    return fetch(request).then(function (response) {
        if (response.ok) {
            var copy = response.clone();
            caches.open(SHELL).then(function (cache) {
                return cache.put(url.pathname, copy);
            });
        }
        return response;
    }, function () {
        return caches.open(SHELL).then(function (cache) {
            return cache.match(url.pathname);
        }).then(function (kept) {
            return kept || Response.error();
        });
    });
}

function remember(url, response) {
    var key = response.headers.get('Klient-Cache-Key');
    if (!key) {
        return forgetCards();
    }
    return ownedBy(key).then(function () {
        var type = response.headers.get('Content-Type') || '';
        if (!CARD.test(url.pathname) || !response.ok || response.redirected || type.indexOf('text/html') !== 0) {
            return undefined;
        }
        return response.text().then(function (html) {
            var title = (html.match(/<title>([^<]*)<\/title>/) || [])[1] || url.pathname;
            var headers = new Headers({
                'Content-Type': 'text/html;charset=UTF-8',
                'Klient-Cached-At': new Date().toISOString(),
                'Klient-Title': encodeURIComponent(title)
            });
            return caches.open(CARDS + key).then(function (cache) {
                return cache.delete(url.pathname).then(function () {
                    return cache.put(url.pathname, new Response(withoutCsrf(html), { headers: headers }));
                }).then(function () {
                    return trim(cache);
                });
            });
        });
    });
}

/** The CSRF token cut out: a kept page must never send a token again. */
function withoutCsrf(html) {
    return html.replace(/(<meta name="_csrf" content=")[^"]*"/g, '$1"')
        .replace(/(name="_csrf"[^>]*?value=")[^"]*"/g, '$1"')
        .replace(/value="[^"]*"(\s+name="_csrf")/g, 'value=""$1');
}

function trim(cache) {
    return cache.keys().then(function (keys) {
        return Promise.all(keys.slice(0, Math.max(0, keys.length - MAX_CARDS)).map(function (request) {
            return cache.delete(request);
        }));
    });
}

function offlineCopy(url) {
    return current().then(function (key) {
        if (!key || !CARD.test(url.pathname)) {
            return undefined;
        }
        return caches.open(CARDS + key).then(function (cache) {
            return cache.match(url.pathname);
        });
    }).then(function (kept) {
        if (kept) {
            var at = kept.headers.get('Klient-Cached-At') || '';
            return kept.text().then(function (html) {
                return new Response(html.replace('data-offline-at=""', 'data-offline-at="' + at + '"'),
                    { headers: { 'Content-Type': 'text/html;charset=UTF-8' } });
            });
        }
        return caches.open(SHELL).then(function (cache) {
            return cache.match('/offline');
        }).then(function (offline) {
            return offline || new Response('Offline', { status: 503, headers: { 'Content-Type': 'text/plain' } });
        });
    });
}

function current() {
    return caches.open(STATE).then(function (cache) {
        return cache.match('/klient-state/owner');
    }).then(function (owner) {
        return owner ? owner.text() : null;
    });
}

/** Notes whose pages these are; another person's kept cards go at once. */
function ownedBy(key) {
    return current().then(function (known) {
        if (known === key) {
            return undefined;
        }
        return dropCards(key).then(function () {
            return caches.open(STATE);
        }).then(function (cache) {
            return cache.put('/klient-state/owner', new Response(key));
        });
    });
}

function forgetCards() {
    return dropCards(null).then(function () {
        return caches.open(STATE);
    }).then(function (cache) {
        return cache.delete('/klient-state/owner');
    });
}

function dropCards(except) {
    return caches.keys().then(function (names) {
        return Promise.all(names.filter(function (name) {
            return name.indexOf(CARDS) === 0 && name !== CARDS + except;
        }).map(function (name) {
            return caches.delete(name);
        }));
    });
}

self.addEventListener('message', function (event) {
    var data = event.data || {};
    if (data.type === 'signed-out') {
        event.waitUntil(forgetCards());
    }
    else if (data.type === 'language' && typeof data.lang === 'string') {
        // the offline page in the reader's language: fetched again when the language changes
        event.waitUntil(caches.open(STATE).then(function (state) {
            return state.match('/klient-state/lang').then(function (known) {
                return known ? known.text() : null;
            }).then(function (lang) {
                if (lang === data.lang) {
                    return undefined;
                }
                return caches.open(SHELL).then(function (cache) {
                    return cache.add('/offline');
                }).then(function () {
                    return state.put('/klient-state/lang', new Response(data.lang));
                });
            });
        }));
    }
});

self.addEventListener('push', function (event) {
    var data = {};
    try {
        data = event.data ? event.data.json() : {};
    }
    catch (e) {
        data = { body: event.data ? event.data.text() : '' };
    }
    var link = typeof data.url === 'string' && data.url.charAt(0) === '/' && data.url.charAt(1) !== '/' ? data.url : '/';
    event.waitUntil(self.registration.showNotification(data.title || 'Klient', {
        body: data.body || '',
        tag: data.tag || undefined,
        icon: '/img/icon-192.png',
        badge: '/img/icon-192.png',
        data: { url: link }
    }));
});

self.addEventListener('notificationclick', function (event) {
    event.notification.close();
    var target = new URL((event.notification.data && event.notification.data.url) || '/', self.location.origin).href;
    event.waitUntil(self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then(function (windows) {
        for (var i = 0; i < windows.length; i++) {
            if (windows[i].url === target && 'focus' in windows[i]) {
                return windows[i].focus();
            }
        }
        return self.clients.openWindow(target);
    }));
});
