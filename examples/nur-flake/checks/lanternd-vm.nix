# A NixOS VM test: the module starts lanternd, which serves its status page.
{ pkgs, module }:
pkgs.testers.runNixOSTest {
  name = "lanternd";

  nodes.machine =
    { ... }:
    {
      imports = [ module ];
      services.lanternd = {
        enable = true;
        port = 7420;
        settings.self.url = "http://127.0.0.1:7420/healthz";
      };
    };

  testScript = ''
    machine.wait_for_unit("lanternd.service")
    machine.wait_for_open_port(7420)
    machine.succeed("curl --fail http://127.0.0.1:7420/ | grep -q self")
  '';
}
