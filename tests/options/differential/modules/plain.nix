# A module that is a plain set: a hand-made option without a type.
{
  options.plain.flag = {
    _type = "option";
    default = true;
    description = "A hand-made option.";
  };
}
