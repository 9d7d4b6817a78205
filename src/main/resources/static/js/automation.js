// The rule editor: edits a rule as the API's JSON (the form's hidden "rule" field) with the choices the page hands
// over in data-catalogue, all worded in the reader's language. Refused fields (data-errors: path -> message) are
// shown next to the input of that path, e.g. "conditions.items[0].value" or "actions[1].userId".
(function () {
    'use strict';
    var form = document.getElementById('rule-form');
    if (!form) {
        return;
    }
    var cat = JSON.parse(form.dataset.catalogue);
    var errors = JSON.parse(form.dataset.errors || '{}');
    var hidden = form.querySelector('input[name="rule"]');
    var root = document.getElementById('rule-editor');
    var w = cat.words;
    var rule = JSON.parse(hidden.value || '{}');
    rule.trigger = rule.trigger || {};
    rule.conditions = rule.conditions || { match: 'ALL', items: [] };
    rule.actions = rule.actions || [];

    function el(tag, attrs, children) {
        var node = document.createElement(tag);
        Object.keys(attrs || {}).forEach(function (k) {
            if (k === 'text') {
                node.textContent = attrs[k];
            } else if (k === 'on') {
                Object.keys(attrs.on).forEach(function (e) { node.addEventListener(e, attrs.on[e]); });
            } else if (attrs[k] !== undefined && attrs[k] !== null && attrs[k] !== false) {
                node.setAttribute(k, attrs[k] === true ? '' : attrs[k]);
            }
        });
        (children || []).forEach(function (c) { if (c) { node.appendChild(c); } });
        return node;
    }

    function type() {
        return cat.types.filter(function (t) { return t.id === rule.recordType; })[0] || cat.types[0];
    }

    function field(list, id) {
        return type()[list].filter(function (f) { return f.id === id; })[0];
    }

    /** A labelled input bound to obj[key]; choices (value -> name) make it a select. */
    function input(label, obj, key, path, opts) {
        opts = opts || {};
        var id = 'r-' + path.replace(/[^a-zA-Z0-9]/g, '-');
        var value = obj[key] === undefined || obj[key] === null ? '' : String(obj[key]);
        var control;
        if (opts.choices) {
            control = el('select', { id: id, 'data-path': path });
            if (opts.blank !== undefined) {
                control.appendChild(el('option', { value: '', text: opts.blank }));
            }
            Object.keys(opts.choices).forEach(function (v) {
                control.appendChild(el('option', { value: v, text: opts.choices[v], selected: v === value }));
            });
            if (opts.blank === undefined && value === '' && control.options.length) {
                obj[key] = convert(control.options[0].value, opts);
            }
        } else if (opts.area) {
            control = el('textarea', { id: id, 'data-path': path, maxlength: opts.max || 1000, rows: 2 });
            control.value = value;
        } else {
            control = el('input', { id: id, 'data-path': path, type: opts.number ? 'number' : (opts.date ? 'date' : 'text'),
                maxlength: opts.number ? null : (opts.max || 200), min: opts.min, max: opts.maxValue, step: opts.number ? 1 : null });
            control.value = value;
        }
        control.addEventListener(opts.choices ? 'change' : 'input', function () {
            obj[key] = convert(control.value, opts);
            if (opts.rerender) {
                render();
            }
            sync();
        });
        return el('div', { class: 'rule-field' + (opts.wide ? ' wide' : '') }, [el('label', { for: id, text: label }), control]);
    }

    function convert(value, opts) {
        if (value === '') {
            return null;
        }
        return opts.number || opts.id ? Number(value) : value;
    }

    function sync() {
        hidden.value = JSON.stringify(rule);
    }

    function renderTrigger() {
        var t = rule.trigger;
        var box = el('fieldset', { class: 'rule-part' }, [el('legend', { text: w.trigger })]);
        var kinds = type().triggers;
        if (!t.kind || !kinds[t.kind]) {
            t.kind = Object.keys(kinds)[0];
        }
        var row = el('div', { class: 'rule-row' });
        row.appendChild(input(w.triggerKind, t, 'kind', 'trigger.kind', { choices: kinds, rerender: true }));
        var own = {};
        var dates = {};
        type().fields.forEach(function (f) {
            if (f.own) { own[f.id] = f.label; }
            if (f.kind === 'DATE') { dates[f.id] = f.label; }
        });
        switch (t.kind) {
            case 'FIELD_CHANGED':
                row.appendChild(input(w.field, t, 'field', 'trigger.field', { choices: own, rerender: true }));
                var f = field('fields', t.field);
                var values = f && f.values;
                row.appendChild(input(w.from, t, 'from', 'trigger.from', values ? { choices: values, blank: w.anyOne } : {}));
                row.appendChild(input(w.to, t, 'to', 'trigger.to', values ? { choices: values, blank: w.anyOne } : {}));
                break;
            case 'DATE_REACHED':
                row.appendChild(input(w.field, t, 'field', 'trigger.field', { choices: dates }));
                row.appendChild(input(w.days, t, 'days', 'trigger.days', { number: true, min: -366, maxValue: 366 }));
                row.appendChild(el('p', { class: 'hint', text: w.daysHint }));
                break;
            case 'INVOICE_OVERDUE':
                row.appendChild(input(w.days, t, 'days', 'trigger.days', { number: true, min: 0, maxValue: 366 }));
                break;
            case 'STAGE_CHANGED':
                row.appendChild(input(w.stage, t, 'stageId', 'trigger.stageId', { choices: cat.stages, blank: w.anyOne, id: true }));
                break;
            case 'STATUS_CHANGED':
                row.appendChild(input(w.to, t, 'to', 'trigger.to', { choices: cat.ticketStatuses, blank: w.anyOne }));
                break;
            case 'FORM_SUBMITTED':
                row.appendChild(input(w.form, t, 'formId', 'trigger.formId', { choices: cat.forms, blank: w.anyOne, id: true }));
                break;
            case 'SURVEY_ANSWERED':
                row.appendChild(input(w.survey, t, 'surveyId', 'trigger.surveyId', { choices: cat.surveys, blank: w.anyOne, id: true }));
                break;
            case 'SEGMENT_JOINED':
            case 'SEGMENT_LEFT':
                row.appendChild(input(w.segment, t, 'segmentId', 'trigger.segmentId', { choices: cat.segments, blank: w.anyOne, id: true }));
                break;
            case 'SCHEDULE':
                row.appendChild(input(w.every, t, 'every', 'trigger.every', { choices: cat.every, rerender: true }));
                if (t.hour === undefined || t.hour === null) { t.hour = 8; }
                row.appendChild(input(w.hour, t, 'hour', 'trigger.hour', { number: true, min: 0, maxValue: 23 }));
                if (t.every === 'WEEK') {
                    var days = {};
                    for (var d = 1; d <= 7; d++) { days[d] = w['weekday' + d]; }
                    row.appendChild(input(w.weekday, t, 'weekday', 'trigger.weekday', { choices: days, id: true }));
                }
                break;
            default:
                break;
        }
        box.appendChild(row);
        return box;
    }

    function renderGroup(group, path, depth) {
        var box = el('fieldset', { class: 'rule-group depth-' + depth });
        var head = el('div', { class: 'rule-row' });
        head.appendChild(input(w.match, group, 'match', path + '.match', { choices: { ALL: w.all, ANY: w.any } }));
        box.appendChild(head);
        if (!group.items.length && depth === 0) {
            box.appendChild(el('p', { class: 'muted small', text: w.noConditions }));
        }
        group.items.forEach(function (item, i) {
            var itemPath = path + '.items[' + i + ']';
            var remove = el('button', { type: 'button', class: 'link-button', text: w.remove, 'aria-label': w.remove,
                on: { click: function () { group.items.splice(i, 1); render(); sync(); } } });
            if (item.items) {
                var nested = renderGroup(item, itemPath, depth + 1);
                nested.appendChild(remove);
                box.appendChild(nested);
                return;
            }
            box.appendChild(renderCondition(item, itemPath, remove));
        });
        var buttons = el('div', { class: 'rule-buttons' });
        buttons.appendChild(el('button', { type: 'button', class: 'btn secondary small', text: w.addCondition,
            on: { click: function () { group.items.push({ field: type().fields[0].id, op: 'EQ', value: '' }); render(); sync(); } } }));
        if (depth < 2) {
            buttons.appendChild(el('button', { type: 'button', class: 'btn secondary small', text: w.addGroup,
                on: { click: function () { group.items.push({ match: 'ANY', items: [] }); render(); sync(); } } }));
        }
        box.appendChild(buttons);
        return box;
    }

    function renderCondition(c, path, remove) {
        var row = el('div', { class: 'rule-row condition' });
        var names = {};
        type().fields.forEach(function (f) { names[f.id] = f.label; });
        row.appendChild(input(w.field, c, 'field', path + '.field', { choices: names, rerender: true }));
        var f = field('fields', c.field) || type().fields[0];
        var ops = {};
        var named = cat.ops[f.kind] || {};
        Object.keys(named).forEach(function (op) {
            if (op !== 'CHANGED' || f.own) { ops[op] = named[op]; }
        });
        if (!ops[c.op]) { c.op = Object.keys(ops)[0]; }
        row.appendChild(input(w.op, c, 'op', path + '.op', { choices: ops, rerender: true }));
        var valued = f.values ? { choices: f.values, blank: c.op === 'CHANGED' ? w.anyOne : undefined }
            : { date: f.kind === 'DATE' };
        if (c.op === 'CHANGED') {
            row.appendChild(input(w.from, c, 'from', path + '.from', valued));
            row.appendChild(input(w.to, c, 'to', path + '.to', valued));
        } else if (c.op !== 'EMPTY' && c.op !== 'NOT_EMPTY') {
            row.appendChild(input(w.value, c, 'value', path + '.value', valued));
        }
        row.appendChild(remove);
        return row;
    }

    function renderAction(a, i) {
        var path = 'actions[' + i + ']';
        var box = el('fieldset', { class: 'rule-action' });
        var names = {};
        type().actions.forEach(function (t) { names[t] = cat.actions[t]; });
        var row = el('div', { class: 'rule-row' });
        row.appendChild(input((i + 1) + '.', a, 'type', path + '.type', { choices: names, rerender: true }));
        function who(allowed) {
            var choices = {};
            allowed.forEach(function (k) { choices[k] = cat.who[k]; });
            if (!a.who || allowed.indexOf(a.who) < 0) { a.who = allowed[0]; }
            row.appendChild(input(w.who, a, 'who', path + '.who', { choices: choices, rerender: true }));
            if (a.who === 'USER') {
                row.appendChild(input(w.user, a, 'userId', path + '.userId', { choices: cat.users, id: true }));
            }
            if (a.who === 'TEAM') {
                row.appendChild(input(w.team, a, 'teamId', path + '.teamId', { choices: cat.teams, id: true }));
            }
        }
        switch (a.type) {
            case 'SEND_EMAIL':
                var templates = {};
                cat.templates.forEach(function (t) { templates[t] = t; });
                row.appendChild(input(w.template, a, 'template', path + '.template', { choices: templates }));
                who(['CUSTOMER', 'OWNER', 'USER']);
                break;
            case 'CREATE_TASK':
                row.appendChild(input(w.text, a, 'text', path + '.text', { max: 200, wide: true }));
                who(['OWNER', 'USER']);
                if (a.amount === undefined || a.amount === null) { a.amount = 1; }
                row.appendChild(input(w.days, a, 'amount', path + '.amount', { number: true, min: 0, maxValue: 365 }));
                row.appendChild(input(w.priority, a, 'priority', path + '.priority',
                    { choices: { LOW: cat.priorities.LOW, NORMAL: cat.priorities.NORMAL, HIGH: cat.priorities.HIGH }, blank: '' }));
                break;
            case 'CREATE_TICKET':
                row.appendChild(input(w.text, a, 'text', path + '.text', { max: 300, wide: true }));
                row.appendChild(input(w.priority, a, 'priority', path + '.priority', { choices: cat.priorities, blank: '' }));
                row.appendChild(input(w.team, a, 'teamId', path + '.teamId', { choices: cat.teams, blank: '', id: true }));
                break;
            case 'ASSIGN':
                who(['USER', 'TEAM']);
                break;
            case 'SET_FIELD':
                var settable = {};
                type().settable.forEach(function (f) { settable[f.id] = f.label; });
                row.appendChild(input(w.field, a, 'field', path + '.field', { choices: settable, rerender: true }));
                var s = field('settable', a.field);
                row.appendChild(input(w.value, a, 'value', path + '.value',
                    s && s.values ? { choices: s.values, blank: '' } : { date: s && s.kind === 'DATE' }));
                break;
            case 'ADD_TAG':
            case 'REMOVE_TAG':
                row.appendChild(input(w.value, a, 'value', path + '.value', { max: 50 }));
                break;
            case 'ADD_TO_LIST':
                row.appendChild(input(w.list, a, 'segmentId', path + '.segmentId', { choices: cat.lists, id: true }));
                break;
            case 'NOTIFY':
                who(['OWNER', 'USER', 'TEAM']);
                row.appendChild(input(w.text, a, 'text', path + '.text', { max: 500, wide: true }));
                break;
            case 'WEBHOOK':
                row.appendChild(input(w.subscription, a, 'subscriptionId', path + '.subscriptionId', { choices: cat.subscriptions, id: true }));
                break;
            case 'WAIT':
                if (!a.amount) { a.amount = 1; }
                row.appendChild(input(w.amount, a, 'amount', path + '.amount', { number: true, min: 1, maxValue: 2160 }));
                row.appendChild(input(w.unit, a, 'unit', path + '.unit', { choices: cat.units }));
                break;
            default:
                break;
        }
        if (a.type === 'CREATE_TASK' || a.type === 'CREATE_TICKET') {
            row.appendChild(el('p', { class: 'hint', text: w.textHint }));
        }
        box.appendChild(row);
        var tools = el('div', { class: 'rule-buttons' });
        if (i > 0) {
            tools.appendChild(el('button', { type: 'button', class: 'link-button', text: w.up,
                on: { click: function () { rule.actions.splice(i - 1, 0, rule.actions.splice(i, 1)[0]); render(); sync(); } } }));
        }
        if (i < rule.actions.length - 1) {
            tools.appendChild(el('button', { type: 'button', class: 'link-button', text: w.down,
                on: { click: function () { rule.actions.splice(i + 1, 0, rule.actions.splice(i, 1)[0]); render(); sync(); } } }));
        }
        tools.appendChild(el('button', { type: 'button', class: 'link-button', text: w.remove,
            on: { click: function () { rule.actions.splice(i, 1); render(); sync(); } } }));
        box.appendChild(tools);
        return box;
    }

    function render() {
        var focused = document.activeElement && document.activeElement.id;
        root.textContent = '';
        var head = el('div', { class: 'rule-row' });
        head.appendChild(input(w.name, rule, 'name', 'name', { max: 200, wide: true }));
        var types = {};
        cat.types.forEach(function (t) { types[t.id] = t.label; });
        head.appendChild(input(w.recordType, rule, 'recordType', 'recordType', { choices: types, rerender: true }));
        var teams = {};
        if (cat.myTeams) {
            cat.myTeams.forEach(function (id) { teams[id] = cat.teams[id]; });
            head.appendChild(input(w['team.scope'], rule, 'teamId', 'teamId', { choices: teams, id: true }));
        } else {
            head.appendChild(input(w['team.scope'], rule, 'teamId', 'teamId', { choices: cat.teams, blank: w['team.all'], id: true }));
        }
        root.appendChild(head);
        root.appendChild(input(w.description, rule, 'description', 'description', { area: true, max: 1000, wide: true }));
        root.appendChild(renderTrigger());
        var conditions = el('fieldset', { class: 'rule-part' }, [el('legend', { text: w.conditions })]);
        conditions.appendChild(renderGroup(rule.conditions, 'conditions', 0));
        root.appendChild(conditions);
        var actions = el('fieldset', { class: 'rule-part' }, [el('legend', { text: w.actions })]);
        rule.actions.forEach(function (a, i) { actions.appendChild(renderAction(a, i)); });
        actions.appendChild(el('button', { type: 'button', class: 'btn secondary small', text: w.addAction,
            on: { click: function () { rule.actions.push({ type: type().actions[0] }); render(); sync(); } } }));
        root.appendChild(actions);
        showErrors();
        if (focused && document.getElementById(focused)) {
            document.getElementById(focused).focus();
        }
    }

    function showErrors() {
        var unplaced = [];
        Object.keys(errors).forEach(function (path) {
            var target = root.querySelector('[data-path="' + path.replace(/"/g, '') + '"]');
            var message = el('div', { class: 'field-error', role: 'alert', text: errors[path] });
            if (target) {
                target.setAttribute('aria-invalid', 'true');
                target.parentNode.appendChild(message);
            } else {
                unplaced.push(message);
            }
        });
        if (unplaced.length) {
            root.insertBefore(el('div', { class: 'rule-errors' }, unplaced), root.firstChild);
        }
    }

    // the type changed: what no longer applies goes (a trigger, fields, actions of the other kind)
    var lastType = rule.recordType;
    var baseRender = render;
    render = function () {
        if (rule.recordType !== lastType) {
            lastType = rule.recordType;
            rule.trigger = {};
            rule.conditions = { match: 'ALL', items: [] };
            rule.actions = rule.actions.filter(function (a) { return type().actions.indexOf(a.type) >= 0; });
            errors = {};
        }
        baseRender();
    };

    form.addEventListener('submit', sync);
    var testButton = document.getElementById('rule-test-button');
    if (testButton) {
        testButton.addEventListener('click', function () {
            sync();
            var data = new URLSearchParams(new FormData(form));
            var target = document.getElementById('rule-test');
            target.setAttribute('aria-busy', 'true');
            fetch(form.dataset.test, { method: 'POST', body: data, credentials: 'same-origin',
                headers: { 'Content-Type': 'application/x-www-form-urlencoded' } })
                .then(function (r) { return r.text(); })
                .then(function (html) {
                    target.innerHTML = html;
                    target.removeAttribute('aria-busy');
                });
        });
    }
    if (!rule.recordType) {
        rule.recordType = cat.types[0].id;
        lastType = rule.recordType;
    }
    render();
    sync();
}());
