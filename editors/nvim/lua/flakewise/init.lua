-- flakewise for Neovim >= 0.7: starts the flakewise language server for Nix
-- files, one server per project root, with vim.lsp.start_client (0.7 has no
-- vim.lsp.start).
--
--   vim.opt.runtimepath:append('/path/to/flakewise/editors/nvim')
--   require('flakewise').setup({
--     cmd = { 'flakewise' },                       -- or an absolute path
--     settings = { flakewise = { diagnostics = { disabled = { 'invalid-utf8' } } } },
--   })
--
-- Settings reach the server as workspace/didChangeConfiguration once it has
-- started, and again after require('flakewise').update_settings({...}).
local M = {}

-- Where the set-up instructions are: the README of the flakewise checkout
-- this file lives in (editors/nvim/lua/flakewise/init.lua), section Neovim.
M.readme = (function()
  local here = debug.getinfo(1, 'S').source:gsub('^@', '')
  local readme = vim.fn.fnamemodify(here, ':p:h:h:h:h:h') .. '/README.md'
  if vim.fn.filereadable(readme) == 1 then return readme .. ' (section "Neovim")' end
  return 'the flakewise README (section "Neovim")'
end)()

M.defaults = {
  -- The server command; the first element must be an executable.
  cmd = { 'flakewise' },
  -- The project root is the nearest directory holding the first of these
  -- that is found (a flake before a repository), else the file's directory.
  root_markers = { 'flake.nix', '.git' },
  -- Sent after start-up and on update_settings(); the server reads the
  -- "flakewise" section.
  settings = { flakewise = { diagnostics = { disabled = {} } } },
  -- Sent once, with initialize; nil sends settings.flakewise, so that the
  -- first diagnostics already follow the settings.
  init_options = nil,
  -- Passed through to vim.lsp.start_client.
  on_attach = nil,
  capabilities = nil,
}

local config = vim.deepcopy(M.defaults)
local clients = {} -- root directory -> client id
local warned_missing = false

-- Returns the project root for a file path: the nearest ancestor directory
-- that holds root_markers[1], else root_markers[2], and so on; else the
-- file's own directory.
function M.root_dir(path, markers)
  markers = markers or config.root_markers
  local dir = vim.fn.fnamemodify(path, ':p:h')
  for _, marker in ipairs(markers) do
    local found = vim.fn.findfile(marker, dir .. ';')
    if found == '' then found = vim.fn.finddir(marker, dir .. ';') end
    if found ~= '' then
      local root = vim.fn.fnamemodify(found, ':p'):gsub('/$', '')
      return (vim.fn.fnamemodify(root, ':h'))
    end
  end
  return dir
end

-- The message shown when the server command cannot be run.
function M.missing_message(cmd)
  return ('flakewise: the language server %q was not found or is not executable. '
    .. 'Install flakewise on your PATH or set cmd in require("flakewise").setup(); see %s')
    :format(cmd[1], M.readme)
end

-- Starts (or reuses) the client for the buffer's project and attaches it.
-- Returns the client id, or nil when the server cannot be started.
function M.start(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  local cmd = config.cmd
  if vim.fn.executable(cmd[1]) ~= 1 then
    if not warned_missing then
      warned_missing = true
      vim.notify(M.missing_message(cmd), vim.log.levels.ERROR)
    end
    return nil
  end
  local fname = vim.api.nvim_buf_get_name(bufnr)
  local root = M.root_dir(fname ~= '' and fname or vim.fn.getcwd() .. '/x')
  local id = clients[root]
  if id and not vim.lsp.get_client_by_id(id) then id = nil end
  if not id then
    id = vim.lsp.start_client({
      name = 'flakewise',
      cmd = cmd,
      root_dir = root,
      workspace_folders = { { uri = vim.uri_from_fname(root), name = root } },
      settings = config.settings,
      init_options = config.init_options or config.settings.flakewise,
      capabilities = config.capabilities,
      on_attach = config.on_attach,
      on_exit = function()
        vim.schedule(function()
          if clients[root] == id then clients[root] = nil end
        end)
      end,
    })
    if not id then return nil end
    clients[root] = id
  end
  vim.lsp.buf_attach_client(bufnr, id)
  -- Completion with <C-x><C-o> (Neovim 0.7 does not set this itself).
  vim.bo[bufnr].omnifunc = 'v:lua.vim.lsp.omnifunc'
  return id
end

-- Merges SETTINGS into the configured settings and sends them to every
-- running flakewise server (no restart).
function M.update_settings(settings)
  config.settings = vim.tbl_deep_extend('force', config.settings, settings)
  for _, id in pairs(clients) do
    local client = vim.lsp.get_client_by_id(id)
    if client then
      client.config.settings = config.settings
      client.notify('workspace/didChangeConfiguration', { settings = config.settings })
    end
  end
end

-- Stops every flakewise server and starts them again for the open Nix buffers.
function M.restart()
  local ids = {}
  for _, id in pairs(clients) do ids[#ids + 1] = id end
  vim.lsp.stop_client(ids)
  clients = {}
  vim.wait(5000, function()
    for _, id in ipairs(ids) do
      if vim.lsp.get_client_by_id(id) then return false end
    end
    return true
  end, 20)
  for _, buf in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(buf) and vim.bo[buf].filetype == 'nix' then M.start(buf) end
  end
end

function M.config() return config end

function M.setup(opts)
  config = vim.tbl_deep_extend('force', vim.deepcopy(M.defaults), opts or {})
  if opts and opts.cmd then config.cmd = opts.cmd end -- a list replaces, not merges
  warned_missing = false
  local group = vim.api.nvim_create_augroup('flakewise', { clear = true })
  -- Neovim maps *.nix to the nix file type already; this covers set-ups
  -- that turned file type detection off.
  vim.api.nvim_create_autocmd({ 'BufRead', 'BufNewFile' }, {
    group = group, pattern = '*.nix', command = 'setfiletype nix', nested = true,
  })
  vim.api.nvim_create_autocmd('FileType', {
    group = group, pattern = 'nix', callback = function(args) M.start(args.buf) end,
  })
  vim.api.nvim_create_user_command('FlakewiseRestart', M.restart, { desc = 'Restart the flakewise language server' })
  vim.api.nvim_create_user_command('FlakewiseLog', function()
    vim.cmd('tabnew ' .. vim.fn.fnameescape(vim.lsp.get_log_path()))
  end, { desc = 'Open the LSP log (set vim.lsp.set_log_level("debug") for more)' })
end

return M
