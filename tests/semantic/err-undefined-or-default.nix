config: config.port or defaultPort
