"""The FAQ file: loading and validating it (:mod:`.faq`), safe YAML
(:mod:`.yaml_loader`), finding an entry's line (:mod:`.locator`), and
inserting text without touching the rest (:mod:`.insert`)."""
