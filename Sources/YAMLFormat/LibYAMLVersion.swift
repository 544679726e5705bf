internal import CYAML

/// The libyaml this program runs with, such as `0.2.5`.
public let libyamlVersion: String = String(cString: yaml_get_version_string())
