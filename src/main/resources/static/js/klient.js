// Klient's only script of its own: htmx does the rest. Loaded as a file, so the CSP can forbid inline scripts.
document.addEventListener('htmx:configRequest', function (event) {
    var token = document.querySelector('meta[name="_csrf"]');
    var header = document.querySelector('meta[name="_csrf_header"]');
    if (token && header && token.content) {
        event.detail.headers[header.content] = token.content;
    }
});
document.addEventListener('click', function (event) {
    var toggle = event.target.closest('[data-toggle-nav]');
    if (toggle) {
        document.body.classList.toggle('nav-open');
    }
    var confirmed = event.target.closest('[data-confirm]');
    if (confirmed && !window.confirm(confirmed.getAttribute('data-confirm'))) {
        event.preventDefault();
    }
    var copy = event.target.closest('[data-copy]');
    if (copy && navigator.clipboard) {
        navigator.clipboard.writeText(document.getElementById(copy.getAttribute('data-copy')).textContent.trim());
        copy.textContent = copy.getAttribute('data-copied') || copy.textContent;
    }
});
// Auto-submit filters marked data-autosubmit when a select changes (the search box uses hx-trigger instead).
document.addEventListener('change', function (event) {
    if (event.target.matches('[data-autosubmit] select, [data-autosubmit] input[type=date]')) {
        var form = event.target.form;
        // a form htmx does not handle is submitted as it is: a 'submit' event made by script submits nothing
        var byHtmx = window.htmx && (form.hasAttribute('hx-get') || form.hasAttribute('hx-post'));
        if (byHtmx) { htmx.trigger(form, 'submit'); } else { form.submit(); }
    }
});

// The deal board: a card dropped on another column moves the deal; the server answers with the whole board.
function klientBoards(root) {
    if (!window.Sortable) {
        return;
    }
    (root || document).querySelectorAll('[data-board-column]').forEach(function (list) {
        if (list.klientSortable) {
            return;
        }
        list.klientSortable = Sortable.create(list, {
            group: 'deals',
            animation: 150,
            draggable: '.deal-card',
            filter: '.locked',
            onEnd: function (event) {
                if (event.from === event.to) {
                    return;
                }
                var values = {};
                new FormData(document.getElementById('board-values')).forEach(function (value, key) {
                    values[key] = value;
                });
                values.stageId = event.to.getAttribute('data-stage');
                values.version = event.item.getAttribute('data-version');
                htmx.ajax('POST', '/deals/' + event.item.getAttribute('data-deal') + '/move',
                    { target: '#board', swap: 'outerHTML', values: values });
            }
        });
    });
}
document.addEventListener('DOMContentLoaded', function () { klientBoards(); });
document.addEventListener('htmx:afterSettle', function () { klientBoards(); });

// On a phone the list filters start folded behind their "Filters" button (a <details>, open without script).
function klientFilters() {
    if (window.matchMedia && window.matchMedia('(max-width: 760px)').matches) {
        document.querySelectorAll('details[data-filters]').forEach(function (details) { details.open = false; });
    }
}
// Document lines stack into labelled blocks on a phone: each cell takes its column's heading as its label.
function klientLineLabels(root) {
    (root || document).querySelectorAll('table.line-items').forEach(function (table) {
        var heads = [];
        table.querySelectorAll('thead th').forEach(function (th) { heads.push(th.textContent.trim()); });
        table.querySelectorAll('tbody tr, tfoot tr').forEach(function (row) {
            Array.prototype.forEach.call(row.children, function (cell, i) {
                if (!cell.hasAttribute('data-label') && cell.colSpan === 1 && heads[i] !== undefined) {
                    cell.setAttribute('data-label', heads[i]);
                }
            });
        });
    });
}
document.addEventListener('DOMContentLoaded', function () { klientFilters(); klientLineLabels(); });
document.addEventListener('htmx:afterSettle', function () { klientLineLabels(); });

// A form marked data-busy shows its message and disables its button while the server works (long imports).
document.addEventListener('submit', function (event) {
    var form = event.target;
    if (!form.hasAttribute || !form.hasAttribute('data-busy')) {
        return;
    }
    var note = form.querySelector('.busy-note');
    if (note) {
        note.hidden = false;
    }
    form.querySelectorAll('button[type=submit]').forEach(function (b) { b.disabled = true; });
});

// Global search: / (outside a field), Ctrl+K or Cmd+K focuses the header's box; the arrows walk its quick results,
// Esc or a click elsewhere closes them.
document.addEventListener('keydown', function (event) {
    var box = document.getElementById('global-q');
    if (!box) {
        return;
    }
    var typing = event.target.closest && event.target.closest('input, textarea, select, [contenteditable]');
    var slash = event.key === '/' && !typing && !event.ctrlKey && !event.metaKey && !event.altKey;
    var ctrlK = (event.ctrlKey || event.metaKey) && (event.key === 'k' || event.key === 'K');
    if (slash || ctrlK) {
        event.preventDefault();
        box.focus();
        box.select();
        return;
    }
    var quick = document.getElementById('search-quick');
    if (!quick || !event.target.closest || !event.target.closest('.global-search')) {
        return;
    }
    if (event.key === 'Escape') {
        quick.innerHTML = '';
        box.blur();
    }
    else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        var links = Array.prototype.slice.call(quick.querySelectorAll('a'));
        if (links.length) {
            event.preventDefault();
            var i = links.indexOf(document.activeElement);
            i = event.key === 'ArrowDown' ? Math.min(i + 1, links.length - 1) : i - 1;
            if (i < 0) { box.focus(); } else { links[i].focus(); }
        }
    }
});
document.addEventListener('click', function (event) {
    var quick = document.getElementById('search-quick');
    if (quick && !event.target.closest('.global-search')) {
        quick.innerHTML = '';
    }
});

// exports: an Export link takes the list's filters as they are when it is clicked (htmx keeps them in the address).
document.addEventListener('click', function (event) {
    var link = event.target.closest ? event.target.closest('a[data-export]') : null;
    if (link) {
        link.href = link.getAttribute('data-export') + window.location.search;
    }
});
