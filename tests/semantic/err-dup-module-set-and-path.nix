{ lib, ... }:
{
  services.postgresql = {
    enable = true;
    port = 5432;
  };
  services.postgresql.port = 5433;
}
