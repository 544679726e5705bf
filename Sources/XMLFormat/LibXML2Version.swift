internal import CLibXML2

/// The libxml2 this module was built against, such as `2.9.14`.
public let libxml2Version: String = LIBXML_DOTTED_VERSION
