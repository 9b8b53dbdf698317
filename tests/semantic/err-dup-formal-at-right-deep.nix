{
  helpers = {
    wrap = { src, name ? "wrapped", ... }@src:
      src;
  };
}
