-- flakewise with nvim-lspconfig (for those who use it; the tested set-up is
-- lua/flakewise/init.lua, which needs no plugin). Put this in your init.lua.
local configs = require('lspconfig.configs')
local util = require('lspconfig.util')

if not configs.flakewise then
  configs.flakewise = {
    default_config = {
      cmd = { 'flakewise' }, -- or an absolute path
      filetypes = { 'nix' },
      -- The nearest flake.nix, else the repository root.
      root_dir = function(fname)
        return util.root_pattern('flake.nix')(fname) or util.root_pattern('.git')(fname)
      end,
      single_file_support = true,
      settings = { flakewise = { diagnostics = { disabled = {} } } },
    },
    docs = { description = 'flakewise, a language server for Nix' },
  }
end

require('lspconfig').flakewise.setup({
  settings = { flakewise = { diagnostics = { disabled = { 'invalid-utf8' } } } },
})
