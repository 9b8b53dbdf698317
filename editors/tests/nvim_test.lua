-- Neovim (>= 0.7, headless) drives flakewise through editors/nvim's set-up
-- and checks what editors/tests/cases.json lists. Run by run_nvim.sh:
--   nvim --headless -u NONE -i NONE -n -c 'luafile nvim_test.lua' -c 'cquit 2'
-- Env: FLAKEWISE_BIN (server), WORKSPACE (a copy of the example), CASES,
--      SETUP_DIR (editors/nvim).
local TIMEOUT = 10000 -- ms for each wait
local env = function(name)
  local v = os.getenv(name)
  assert(v and v ~= '', 'environment variable ' .. name .. ' is not set')
  return v
end
local BIN, WORKSPACE, CASES, SETUP_DIR = env('FLAKEWISE_BIN'), env('WORKSPACE'), env('CASES'), env('SETUP_DIR')

local t0 = vim.loop.hrtime()
local function say(s) io.stdout:write(s .. '\n') end
local function ok(what) say(('ok   %-60s %6.0f ms'):format(what, (vim.loop.hrtime() - t0) / 1e6)) end

local function wait(what, pred)
  if not vim.wait(TIMEOUT, pred, 10) then error('timed out after ' .. TIMEOUT .. ' ms waiting for ' .. what, 2) end
end

-- The pattern matcher described in cases.json. Returns nil on a match, else
-- a sentence saying where the result differs.
local function match(pattern, value, path, root)
  path = path or 'result'
  if type(pattern) == 'string' then pattern = pattern:gsub('%${root}', function() return root end) end
  if type(pattern) ~= 'table' then
    if pattern == value then return nil end
    return ('%s is %s, expected %s'):format(path, vim.inspect(value), vim.inspect(pattern))
  end
  if pattern['$contains'] ~= nil then
    if type(value) == 'string' and value:find(pattern['$contains'], 1, true) then return nil end
    return ('%s is %s, expected it to contain %s'):format(path, vim.inspect(value), vim.inspect(pattern['$contains']))
  end
  if type(value) ~= 'table' then
    return ('%s is %s, expected %s'):format(path, vim.inspect(value), vim.inspect(pattern))
  end
  if vim.tbl_islist(pattern) and #pattern > 0 then
    if not vim.tbl_islist(value) then return path .. ' is not an array' end
    for i, p in ipairs(pattern) do
      local found = false
      for j, v in ipairs(value) do
        if not match(p, v, ('%s[%d]'):format(path, j - 1), root) then found = true; break end
      end
      if not found then
        return ('%s: no element matches pattern #%d %s'):format(path, i - 1, vim.json.encode(p))
      end
    end
    return nil
  end
  for k, p in pairs(pattern) do
    if type(k) == 'string' and root then k = k:gsub('%${root}', function() return root end) end
    local why = match(p, value[k], path .. '.' .. k, root)
    if why then return why end
  end
  return nil
end

local function self_check()
  -- The matcher must reject what differs, or every check below would pass.
  local r = { { name = 'a', children = { { name = 'b', uri = 'file:///w/x.nix' } } } }
  assert(match({ { name = 'a' } }, r) == nil, 'matcher: subset')
  assert(match({ { children = { { uri = '${root}/x.nix' } } } }, r, nil, 'file:///w') == nil, 'matcher: ${root}')
  assert(match({ { name = 'b' } }, r) ~= nil, 'matcher accepts a missing element')
  assert(match({ { name = 'a', kind = 1 } }, r) ~= nil, 'matcher accepts a missing key')
  assert(match({ { children = { { uri = '${root}/y.nix' } } } }, r, nil, 'file:///w') ~= nil, 'matcher: wrong uri')
  local edit = { changes = { ['file:///w/x.nix'] = { { newText = 'let binding, line 10' } } } }
  assert(match({ changes = { ['${root}/x.nix'] = { { newText = { ['$contains'] = 'binding' } } } } }, edit, nil, 'file:///w') == nil,
    'matcher: ${root} in keys, $contains')
  assert(match({ changes = { ['${root}/x.nix'] = { { newText = { ['$contains'] = 'line 9' } } } } }, edit, nil, 'file:///w') ~= nil,
    'matcher: $contains accepts what is not there')
end

local function read_json(path)
  local f = assert(io.open(path, 'r'), 'cannot read ' .. path)
  local text = f:read('*a')
  f:close()
  return vim.json.decode(text)
end

local function current_diagnostics(bufnr)
  return vim.diagnostic.get(bufnr)
end

local function main()
  self_check()
  if vim.fn.executable(BIN) ~= 1 then
    error('the flakewise server ' .. BIN .. ' is missing or not executable: build it first (scripts/build.sh)')
  end
  local cases = read_json(CASES)
  vim.opt.runtimepath:append(SETUP_DIR)
  local flakewise = require('flakewise')

  -- The set-up reports a missing server clearly and starts nothing.
  local notified = {}
  local real_notify = vim.notify
  vim.notify = function(msg, level) notified[#notified + 1] = { msg = msg, level = level } end
  flakewise.setup({ cmd = { WORKSPACE .. '/no-such-flakewise' } })
  vim.cmd('edit ' .. vim.fn.fnameescape(WORKSPACE .. '/' .. cases.file))
  vim.notify = real_notify
  assert(#notified == 1 and notified[1].level == vim.log.levels.ERROR, 'expected one error message, got ' .. vim.inspect(notified))
  assert(notified[1].msg:find('no-such-flakewise', 1, true) and notified[1].msg:find('README.md', 1, true),
    'the missing-server message names neither the command nor the README: ' .. notified[1].msg)
  assert(#vim.lsp.get_active_clients() == 0, 'a client started without a server')
  vim.cmd('bwipeout!')
  ok('missing server: ' .. notified[1].msg:sub(1, 60) .. '...')

  -- Start through the set-up, as a user would (file type detection is off
  -- under -u NONE, so the set-up's own *.nix autocommand sets it).
  flakewise.setup({ cmd = { BIN }, settings = { flakewise = { diagnostics = { disabled = {} } } } })
  vim.cmd('edit ' .. vim.fn.fnameescape(WORKSPACE .. '/' .. cases.file))
  local bufnr = vim.api.nvim_get_current_buf()
  assert(vim.bo[bufnr].filetype == 'nix', 'file type is ' .. vim.bo[bufnr].filetype)
  -- Neovim 0.7 lists a client for a buffer once it has initialized.
  wait('a flakewise client to attach to ' .. cases.file .. ' and initialize', function()
    return next(vim.lsp.buf_get_clients(bufnr)) ~= nil
  end)
  local client = select(2, next(vim.lsp.buf_get_clients(bufnr)))
  assert(client.name == 'flakewise' and client.initialized, 'unexpected client ' .. client.name)
  assert(vim.bo[bufnr].omnifunc == 'v:lua.vim.lsp.omnifunc', 'omnifunc is ' .. vim.bo[bufnr].omnifunc)
  local root = vim.loop.fs_realpath(WORKSPACE)
  assert(vim.loop.fs_realpath(client.config.root_dir) == root,
    'root_dir is ' .. client.config.root_dir .. ', expected the folder of flake.nix ' .. root)
  ok('started ' .. client.name .. ' with root ' .. client.config.root_dir .. ' (' .. client.offset_encoding .. ')')

  -- The known diagnostic.
  wait('the diagnostic ' .. cases.diagnostic.message, function() return #current_diagnostics(bufnr) > 0 end)
  local diags = current_diagnostics(bufnr)
  assert(#diags == 1, 'expected exactly one diagnostic, got ' .. vim.inspect(diags))
  local d, want = diags[1], cases.diagnostic
  local got = {
    range = { start = { line = d.lnum, character = d.col }, ['end'] = { line = d.end_lnum, character = d.end_col } },
    severity = d.severity, code = d.user_data.lsp.code, source = d.source, message = d.message,
  }
  local why = match(want, got, 'diagnostic')
  assert(not why, why)
  ok(('diagnostic at %d:%d: %s [%s]'):format(d.lnum + 1, d.col + 1, d.message, got.code))

  -- Requests, as listed.
  local root_uri = vim.uri_from_fname(root)
  for _, case in ipairs(cases.requests) do
    local buf = bufnr
    if case.file and case.file ~= cases.file then
      vim.cmd('edit ' .. vim.fn.fnameescape(WORKSPACE .. '/' .. case.file))
      buf = vim.api.nvim_get_current_buf()
      wait(case.file .. ' to be attached', function() return vim.lsp.buf_is_attached(buf, client.id) end)
    end
    local params = vim.deepcopy(case.params or {})
    params.textDocument = { uri = vim.uri_from_bufnr(buf) }
    local res, err = vim.lsp.buf_request_sync(buf, case.method, params, TIMEOUT)
    assert(res and res[client.id], case.name .. ': no answer (' .. tostring(err) .. ')')
    assert(not res[client.id].err and not res[client.id].error,
      case.name .. ': error ' .. vim.inspect(res[client.id].err or res[client.id].error))
    local result = res[client.id].result
    why = match(case.expect, result, case.method, root_uri)
    assert(not why, case.name .. ': ' .. tostring(why) .. '\nwhole result: ' .. vim.json.encode(result))
    if buf ~= bufnr then vim.api.nvim_set_current_buf(bufnr) end
    ok(case.name)
  end

  -- Settings reach the running server.
  flakewise.update_settings(cases.silence)
  wait('the diagnostic to disappear after silencing it in the settings', function()
    return #current_diagnostics(bufnr) == 0
  end)
  ok('settings ' .. vim.json.encode(cases.silence) .. ' silence it')
  flakewise.update_settings(cases.restore)
  wait('the diagnostic to come back', function() return #current_diagnostics(bufnr) == 1 end)
  ok('settings ' .. vim.json.encode(cases.restore) .. ' bring it back')

  -- Fix the mistake: an incremental didChange.
  local at = cases.fix.at
  vim.api.nvim_buf_set_text(bufnr, at.line, at.character, at.line, at.character, { cases.fix.text })
  wait('the diagnostic to disappear after the fix', function() return #current_diagnostics(bufnr) == 0 end)
  ok('typing ' .. vim.inspect(cases.fix.text) .. ' at ' .. (at.line + 1) .. ':' .. (at.character + 1) .. ' fixes it')

  -- Restart: a new server, the diagnostics of the current text again (none).
  flakewise.restart()
  wait('a new client after restart', function()
    local c = select(2, next(vim.lsp.buf_get_clients(bufnr)))
    return c and c.id ~= client.id
  end)
  local new = select(2, next(vim.lsp.buf_get_clients(bufnr)))
  local symbols = vim.lsp.buf_request_sync(bufnr, 'textDocument/documentSymbol',
    { textDocument = { uri = vim.uri_from_bufnr(bufnr) } }, TIMEOUT)
  assert(symbols and symbols[new.id] and symbols[new.id].result and #symbols[new.id].result > 0,
    'the restarted server answers no outline')
  ok('restart: client ' .. client.id .. ' -> ' .. new.id)

  -- A clean shutdown (shutdown + exit).
  vim.lsp.stop_client(new.id)
  wait('the server to exit', function() return vim.lsp.get_client_by_id(new.id) == nil end)
  ok('stopped')
end

local success, err = xpcall(main, debug.traceback)
if success then
  say('PASS')
  vim.cmd('qall!')
else
  say('FAIL: ' .. tostring(err))
  vim.cmd('cquit! 1')
end
