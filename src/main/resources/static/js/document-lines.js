// The line rows of the quote, order and invoice forms: "Add line" copies the last row empty (with a new index, so
// the order on screen is the order on the document) and "Remove" takes a row out. Without this script "Add line"
// submits the form, which comes back with more empty rows, and an emptied row is ignored.
(function () {
    function rows(tbody) {
        return tbody.querySelectorAll('[data-line-row]');
    }
    function nextIndex(tbody) {
        var next = 0;
        tbody.querySelectorAll('[name^="lines["]').forEach(function (field) {
            var index = parseInt(field.name.substring(6), 10);
            next = Math.max(next, index + 1);
        });
        return next;
    }
    function clear(row) {
        row.querySelectorAll('input, select').forEach(function (field) {
            field.classList.remove('invalid');
            if (field.type === 'checkbox') {
                field.checked = false;
            } else if (field.tagName === 'SELECT') {
                field.selectedIndex = 0;
            } else {
                field.value = field.name.endsWith('.quantity') ? '1' : '';
            }
        });
    }
    function init() {
        document.querySelectorAll('[data-line-rows]').forEach(function (tbody) {
            tbody.querySelectorAll('[data-remove-line]').forEach(function (button) {
                button.hidden = false;
            });
        });
    }
    document.addEventListener('click', function (event) {
        var add = event.target.closest('[data-add-line]');
        if (add) {
            var tbody = add.form && add.form.querySelector('[data-line-rows]');
            if (!tbody || rows(tbody).length === 0) {
                return;
            }
            event.preventDefault();
            var max = parseInt(tbody.getAttribute('data-max-lines') || '500', 10);
            if (rows(tbody).length >= max) {
                return;
            }
            var last = rows(tbody)[rows(tbody).length - 1];
            var copy = last.cloneNode(true);
            var index = nextIndex(tbody);
            copy.querySelectorAll('[name^="lines["]').forEach(function (field) {
                field.name = field.name.replace(/^lines\[\d+]/, 'lines[' + index + ']');
            });
            clear(copy);
            tbody.appendChild(copy);
            var first = copy.querySelector('select, input');
            if (first) {
                first.focus();
            }
            return;
        }
        var remove = event.target.closest('[data-remove-line]');
        if (remove) {
            var row = remove.closest('[data-line-row]');
            var body = row.parentNode;
            if (rows(body).length > 1) {
                row.remove();
            } else {
                clear(row);
            }
        }
    });
    if (document.readyState === 'loading') {
        document.addEventListener('DOMContentLoaded', init);
    } else {
        init();
    }
}());
