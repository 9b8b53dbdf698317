{ config, fallback }:
config.services.web.port or fallback
