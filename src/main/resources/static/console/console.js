// The Spread console: polls the JSON API under /console/api once a second (sessions, rooms, rates, log lines),
// sends broadcasts and disconnects as POSTs with the CSRF token, and chats in a room over the /ws/gateway WebSocket.
// Every text from the hub is put into the page as text (textContent), never as HTML.
'use strict';

(function () {

    const POLL_MILLIS = 1000;
    const CHART_SECONDS = 120;   // as many as the server keeps (RateHistory.SECONDS)
    const LOG_LINES = 200;       // as many as the server keeps (RecentLog.LINES)
    const CHAT_LINES = 500;
    const MEMBERS_SHOWN = 8;     // member names in a room's row (the API lists up to 50)

    const $ = (id) => document.getElementById(id);

    let csrf = null;             // {csrfHeader, csrfToken}, from api/me

    // --- talking to the API

    class ApiError extends Error {
    }

    async function api(path, options = {}) {
        const headers = {'Accept': 'application/json', 'X-Requested-With': 'XMLHttpRequest'};
        if (options.body !== undefined) {
            headers['Content-Type'] = 'application/json';
        }
        if (options.method === 'POST' && csrf) {
            headers[csrf.csrfHeader] = csrf.csrfToken;
        }
        const response = await fetch('api/' + path, {
            method: options.method || 'GET',
            headers: headers,
            body: options.body === undefined ? undefined : JSON.stringify(options.body),
            credentials: 'same-origin',
            cache: 'no-store'
        });
        if (response.status === 401) {
            // the session ended (logout elsewhere, restart): log in again
            window.location.href = '../login';
            throw new ApiError('not logged in');
        }
        const body = await response.json().catch(() => ({}));
        if (!response.ok) {
            throw new ApiError(body.error || ('HTTP ' + response.status));
        }
        return body;
    }

    function query(params) {
        return new URLSearchParams(params).toString();
    }

    // --- small helpers for building rows

    function cell(row, text, className) {
        const td = document.createElement('td');
        td.textContent = text;
        if (className) {
            td.className = className;
        }
        row.appendChild(td);
        return td;
    }

    function emptyRow(body, columns, text) {
        const row = body.insertRow();
        const td = cell(row, text, 'empty');
        td.colSpan = columns;
    }

    function bytes(n) {
        if (n < 1024) {
            return n + ' B';
        }
        const units = ['KB', 'MB', 'GB'];
        let value = n;
        let unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return value.toFixed(value < 10 ? 1 : 0) + ' ' + units[unit];
    }

    function since(instant) {
        if (!instant) {
            return '';
        }
        const seconds = Math.max(0, Math.round((Date.now() - new Date(instant).getTime()) / 1000));
        if (seconds < 60) {
            return seconds + 's';
        }
        if (seconds < 3600) {
            return Math.floor(seconds / 60) + 'm ' + (seconds % 60) + 's';
        }
        return Math.floor(seconds / 3600) + 'h ' + Math.floor((seconds % 3600) / 60) + 'm';
    }

    function clock(millis) {
        return new Date(millis).toLocaleTimeString([], {hour12: false});
    }

    function rate(n) {
        return n >= 100 ? Math.round(n).toLocaleString() : String(n);
    }

    // --- a paged, filtered table: the server filters and cuts pages; this keeps the page's state

    class PagedTable {

        constructor(name, render, columns) {
            this.name = name;
            this.render = render;
            this.columns = columns;
            this.page = 0;
            this.pages = 1;
            this.filter = '';
            const sizeSelect = $(name + '-size');
            this.size = sizeSelect ? Number(sizeSelect.value) : 20;
            let typing = null;
            $(name + '-filter').addEventListener('input', (event) => {
                clearTimeout(typing);
                typing = setTimeout(() => {
                    this.filter = event.target.value.trim();
                    this.page = 0;
                    this.refresh();
                }, 250);
            });
            if (sizeSelect) {
                sizeSelect.addEventListener('change', () => {
                    this.size = Number(sizeSelect.value);
                    this.page = 0;
                    this.refresh();
                });
            }
            $(name + '-prev').addEventListener('click', () => this.go(this.page - 1));
            $(name + '-next').addEventListener('click', () => this.go(this.page + 1));
        }

        go(page) {
            if (page >= 0 && page < this.pages) {
                this.page = page;
                this.refresh();
            }
        }

        async refresh() {
            const asked = {filter: this.filter, page: this.page, size: this.size};
            const result = await api(this.name + '?' + query(asked));
            if (asked.filter !== this.filter || asked.page !== this.page || asked.size !== this.size) {
                return; // the operator changed the view meanwhile: a newer request shows it
            }
            this.pages = result.pages;
            if (this.page >= result.pages) {
                // rows went away under the last page: show the new last one
                this.page = result.pages - 1;
                return this.refresh();
            }
            const body = $(this.name + '-rows');
            body.replaceChildren();
            if (result.items.length === 0) {
                emptyRow(body, this.columns, this.filter ? 'nothing matches "' + this.filter + '"' : 'none');
            }
            result.items.forEach((item) => this.render(body.insertRow(), item));
            $(this.name + '-total').textContent = '(' + result.total.toLocaleString()
                + (this.filter ? ' matching' : '') + ')';
            $(this.name + '-page').textContent = 'page ' + (result.page + 1) + ' of ' + result.pages;
            $(this.name + '-prev').disabled = result.page === 0;
            $(this.name + '-next').disabled = result.page >= result.pages - 1;
        }
    }

    const sessions = new PagedTable('sessions', (row, s) => {
        row.dataset.id = s.id;
        cell(row, s.id + (s.replica ? ' @' + s.replica : ''));
        cell(row, s.name || '-');
        cell(row, s.remoteAddress || '');
        const rooms = cell(row, '', 'wrap');
        (s.rooms || []).forEach((room) => {
            const tag = document.createElement('span');
            tag.className = 'tag';
            tag.textContent = room;
            rooms.appendChild(tag);
        });
        cell(row, bytes(s.bufferedBytes), 'num');
        cell(row, s.framesIn.toLocaleString() + ' / ' + s.framesOut.toLocaleString(), 'num');
        cell(row, since(s.connectedSince), 'num');
        const button = document.createElement('button');
        button.type = 'button';
        button.className = 'danger disconnect';
        button.textContent = 'Disconnect';
        button.addEventListener('click', () => disconnect(s, button));
        cell(row, '').appendChild(button);
    }, 8);

    const rooms = new PagedTable('rooms', (row, r) => {
        row.dataset.room = r.room;
        cell(row, r.room);
        cell(row, r.memberCount.toLocaleString(), 'num');
        // a few names in the row, the up to 50 the server lists in the tooltip, and how many more there are
        const shown = r.members.slice(0, MEMBERS_SHOWN);
        const more = r.memberCount - shown.length;
        const who = cell(row, shown.join(', ') + (more > 0 ? ' and ' + more.toLocaleString() + ' more' : ''), 'wrap');
        who.title = r.members.join(', ') + (r.memberCount > r.members.length ? ', ...' : '');
        cell(row, r.lastOffset >= 0 ? r.lastOffset.toLocaleString() : '-', 'num');
        cell(row, String(r.messagesPerSecond), 'num');
    }, 5);

    async function disconnect(session, button) {
        button.disabled = true;
        try {
            const replica = session.replica ? '?' + query({replica: session.replica}) : '';
            await api('sessions/' + encodeURIComponent(session.id) + '/disconnect' + replica, {method: 'POST'});
            await sessions.refresh();
        } catch (error) {
            button.disabled = false;
            button.title = error.message;
        }
    }

    // --- charts: one point a second, the last CHART_SECONDS of them

    let lastSample = 0;
    const charts = {};

    function makeChart(canvas, label, color) {
        return new Chart($(canvas), {
            type: 'line',
            data: {labels: [], datasets: [{label: label, data: [], borderColor: color, backgroundColor: color + '22',
                fill: true, pointRadius: 0, borderWidth: 2, tension: 0.25}]},
            options: {
                animation: false,
                responsive: true,
                maintainAspectRatio: false,
                plugins: {legend: {display: false}},
                scales: {
                    x: {ticks: {maxTicksLimit: 6, maxRotation: 0}},
                    y: {beginAtZero: true, ticks: {maxTicksLimit: 5}}
                }
            }
        });
    }

    async function refreshRates() {
        const result = await api('rates?' + query({after: lastSample}));
        if (result.samples.length === 0) {
            return;
        }
        for (const chart of [charts.frames, charts.deliveries]) {
            const field = chart === charts.frames ? 'framesPerSecond' : 'deliveriesPerSecond';
            result.samples.forEach((sample) => {
                chart.data.labels.push(clock(sample.time));
                chart.data.datasets[0].data.push(sample[field]);
            });
            const extra = chart.data.labels.length - CHART_SECONDS;
            if (extra > 0) {
                chart.data.labels.splice(0, extra);
                chart.data.datasets[0].data.splice(0, extra);
            }
            chart.update('none');
        }
        const latest = result.samples[result.samples.length - 1];
        lastSample = latest.seq;
        $('stat-clients').textContent = latest.clients.toLocaleString();
        $('stat-frames').textContent = rate(latest.framesPerSecond);
        $('stat-deliveries').textContent = rate(latest.deliveriesPerSecond);
    }

    // --- the hub's log, newest last

    let lastLine = 0;

    async function refreshLog() {
        const result = await api('logs?' + query({after: lastLine}));
        if (result.lines.length === 0) {
            return;
        }
        const box = $('log-lines');
        const atBottom = box.scrollTop + box.clientHeight >= box.scrollHeight - 4;
        result.lines.forEach((line) => {
            const div = document.createElement('div');
            div.className = line.level;
            const time = document.createElement('span');
            time.className = 'time';
            time.textContent = clock(line.time) + ' ';
            const logger = document.createElement('span');
            logger.className = 'logger';
            logger.textContent = line.level.padEnd(5) + ' ' + line.logger.substring(line.logger.lastIndexOf('.') + 1)
                + ' ';
            div.append(time, logger, document.createTextNode(line.message));
            box.appendChild(div);
        });
        while (box.childElementCount > LOG_LINES) {
            box.firstElementChild.remove();
        }
        lastLine = result.lines[result.lines.length - 1].seq;
        if (atBottom) {
            box.scrollTop = box.scrollHeight;
        }
    }

    // --- broadcast

    $('broadcast-form').addEventListener('submit', async (event) => {
        event.preventDefault();
        const result = $('broadcast-result');
        try {
            const sent = await api('broadcast', {method: 'POST', body: {text: $('broadcast-text').value}});
            result.className = 'result';
            result.textContent = 'Sent to ' + sent.receivers + ' client(s)'
                + (sent.otherReplicas ? ' and ' + sent.otherReplicas + ' other replica(s)' : '') + '.';
            $('broadcast-text').value = '';
        } catch (error) {
            result.className = 'result bad';
            result.textContent = error.message;
        }
    });

    // --- the chat panel: a gateway client over /ws/gateway, one command per WebSocket message

    const chat = {socket: null, name: null, room: null, joined: false};

    function chatLine(parts, className) {
        const box = $('chat-lines');
        const atBottom = box.scrollTop + box.clientHeight >= box.scrollHeight - 4;
        const div = document.createElement('div');
        if (className) {
            div.className = className;
        }
        parts.forEach((part) => {
            if (typeof part === 'string') {
                div.appendChild(document.createTextNode(part));
            } else {
                const span = document.createElement('span');
                span.className = part.className;
                span.textContent = part.text;
                div.appendChild(span);
            }
        });
        box.appendChild(div);
        while (box.childElementCount > CHAT_LINES) {
            box.firstElementChild.remove();
        }
        if (atBottom) {
            box.scrollTop = box.scrollHeight;
        }
    }

    // Splits off the first `count` space-separated words; the rest is the payload, spaces and all.
    function words(line, count) {
        const parts = [];
        let rest = line;
        for (let i = 0; i < count; i++) {
            const space = rest.indexOf(' ');
            if (space < 0) {
                parts.push(rest);
                rest = '';
            } else {
                parts.push(rest.substring(0, space));
                rest = rest.substring(space + 1);
            }
        }
        parts.push(rest);
        return parts;
    }

    function chatReceived(line) {
        const verb = line.split(' ', 1)[0];
        if (verb === 'MSG') {
            const [, room, from, , payload] = words(line, 4);   // MSG <room> <from> <offset> <payload>
            chatLine([{className: 'from', text: from + (room !== chat.room ? ' in ' + room : '') + ': '}, payload]);
        } else if (verb === 'DM') {
            const [, from, payload] = words(line, 2);
            chatLine([{className: 'from', text: from + ' (direct): '}, payload]);
        } else if (verb === 'JOINED' || verb === 'LEFT') {
            const [, room, name] = words(line, 2);
            chatLine([name + (verb === 'JOINED' ? ' joined ' : ' left ') + room], 'system');
        } else if (verb === 'NOTICE') {
            chatLine(['notice: ' + line.substring('NOTICE '.length)], 'system');
        } else if (line.startsWith('OK HELLO')) {
            chatLine(['hello, ' + chat.name], 'system');
            chat.socket.send('JOIN ' + chat.room);
        } else if (line.startsWith('OK JOIN')) {
            const [, , room, members] = words(line, 3);
            chat.joined = true;
            chatLine(['joined ' + room + ' (' + members.split(' ')[0] + ' members)'], 'system');
            setChatState('joined');
        } else if (verb === 'ERR') {
            chatLine([line], 'error');
        } else {
            chatLine([line], 'system');
        }
    }

    function setChatState(state) {
        const open = state !== 'closed';
        $('chat-join-button').disabled = open;
        $('chat-name').disabled = open;
        $('chat-room').disabled = open;
        $('chat-leave-button').disabled = !open;
        $('chat-text').disabled = state !== 'joined';
        $('chat-send').disabled = state !== 'joined';
        if (state === 'joined') {
            $('chat-text').focus();
        }
    }

    async function chatJoin() {
        const name = $('chat-name').value.trim();
        const room = $('chat-room').value.trim();
        setChatState('connecting');
        let hello = 'HELLO ' + name;
        try {
            const token = await api('chat-token', {method: 'POST', body: {name: name, room: room}});
            if (token.token) {
                hello += ' ' + token.token;
            } else if (token.required) {
                chatLine(['no token for the chat: ' + token.reason], 'error');
            }
        } catch (error) {
            chatLine([error.message], 'error');
            setChatState('closed');
            return;
        }
        const url = new URL('../ws/gateway', window.location.href);
        url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
        const socket = new WebSocket(url);
        Object.assign(chat, {socket: socket, name: name, room: room, joined: false});
        socket.addEventListener('open', () => socket.send(hello));
        socket.addEventListener('message', (event) => {
            if (typeof event.data === 'string') {
                chatReceived(event.data);
            } else {
                chatLine(['(a binary message)'], 'system');
            }
        });
        socket.addEventListener('close', (event) => {
            if (chat.socket === socket) {
                chatLine(['disconnected' + (event.reason ? ': ' + event.reason : '')], 'system');
                chat.socket = null;
                setChatState('closed');
            }
        });
    }

    $('chat-join').addEventListener('submit', (event) => {
        event.preventDefault();
        chatJoin();
    });

    $('chat-leave-button').addEventListener('click', () => {
        if (chat.socket) {
            chat.socket.send('QUIT');
        }
    });

    $('chat-form').addEventListener('submit', (event) => {
        event.preventDefault();
        const text = $('chat-text').value;
        if (!chat.socket || !chat.joined || text === '') {
            return;
        }
        chat.socket.send('PUB ' + chat.room + ' ' + text);
        chatLine([{className: 'from', text: chat.name + ' (me): '}, text]);
        $('chat-text').value = '';
    });

    // --- start, then refresh everything once a second

    async function poll() {
        const results = await Promise.allSettled([sessions.refresh(), rooms.refresh(), refreshRates(), refreshLog()]);
        const failed = results.find((result) => result.status === 'rejected');
        const status = $('status');
        status.className = 'status ' + (failed ? 'bad' : 'ok');
        status.textContent = failed ? failed.reason.message : 'live';
        status.title = 'last refresh ' + new Date().toLocaleTimeString([], {hour12: false});
        setTimeout(poll, POLL_MILLIS);
    }

    async function start() {
        csrf = await api('me');
        $('user').textContent = csrf.user;
        $('logout-csrf').name = csrf.csrfParameter;
        $('logout-csrf').value = csrf.csrfToken;
        $('chat-name').value = csrf.user.replace(/[^A-Za-z0-9._-]/g, '') + '-' + Math.random().toString(36).slice(2, 6);
        charts.frames = makeChart('frames-chart', 'frames/s', '#2f6fde');
        charts.deliveries = makeChart('deliveries-chart', 'deliveries/s', '#0e9f6e');
        poll();
    }

    start().catch((error) => {
        $('status').className = 'status bad';
        $('status').textContent = error.message;
    });

})();
