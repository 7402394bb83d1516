//! What a figure may hold: the SVG namespaces, elements and attributes it may use, and what
//! its CSS must not.

/// The SVG namespace: every element of a figure is in it.
pub(super) const SVG: &str = "http://www.w3.org/2000/svg";
/// Old SVG's namespace for `xlink:href`.
pub(super) const XLINK: &str = "http://www.w3.org/1999/xlink";
/// XML's own namespace, for `xml:lang` and `xml:space`.
pub(super) const XML: &str = "http://www.w3.org/XML/1998/namespace";

/// The SVG elements a figure may use: shapes, text, groups, gradients and their plumbing.
/// Anything else is refused, so a new way to run script or load a file is refused before anyone
/// has heard of it.
pub(super) const ELEMENTS: &[&str] = &[
    "svg",
    "g",
    "defs",
    "symbol",
    "use",
    "title",
    "desc",
    "style",
    "rect",
    "circle",
    "ellipse",
    "line",
    "polyline",
    "polygon",
    "path",
    "text",
    "tspan",
    "linearGradient",
    "radialGradient",
    "stop",
    "clipPath",
    "marker",
];

/// Elements refused with a reason of their own, rather than as merely unknown.
pub(super) const REFUSED_ELEMENTS: &[(&str, &str)] = &[
    ("script", "a script"),
    ("foreignObject", "a `foreignObject`, which can carry HTML"),
    ("image", "an embedded or linked picture: draw it in SVG"),
    ("feImage", "an embedded or linked picture: draw it in SVG"),
    (
        "a",
        "a link: a figure is a picture, and the article holds the links",
    ),
    (
        "set",
        "an animation (`<set>`), which can rewrite the figure's attributes",
    ),
    (
        "animate",
        "an animation (`<animate>`), which can rewrite the figure's attributes",
    ),
    (
        "animateTransform",
        "an animation (`<animateTransform>`), which can rewrite the figure's attributes",
    ),
    (
        "animateMotion",
        "an animation (`<animateMotion>`), which can rewrite the figure's attributes",
    ),
    ("discard", "an animation element (`<discard>`)"),
];

/// Attributes that say what an element is or how it is drawn, and nothing else: no event
/// handlers, no addresses (`href` is checked on its own), no animation targets.
pub(super) const ATTRIBUTES: &[&str] = &[
    // What it is, for styles and assistive technology.
    "id",
    "class",
    "style",
    "role",
    "lang",
    "version",
    // Where and how big.
    "x",
    "y",
    "width",
    "height",
    "viewBox",
    "preserveAspectRatio",
    "transform",
    "d",
    "points",
    "cx",
    "cy",
    "r",
    "rx",
    "ry",
    "x1",
    "y1",
    "x2",
    "y2",
    "dx",
    "dy",
    "rotate",
    "pathLength",
    "textLength",
    "lengthAdjust",
    // Gradients, clips and markers.
    "offset",
    "stop-color",
    "stop-opacity",
    "gradientUnits",
    "gradientTransform",
    "spreadMethod",
    "fx",
    "fy",
    "fr",
    "clipPathUnits",
    "markerUnits",
    "markerWidth",
    "markerHeight",
    "refX",
    "refY",
    "orient",
    // Presentation.
    "fill",
    "fill-opacity",
    "fill-rule",
    "stroke",
    "stroke-width",
    "stroke-opacity",
    "stroke-linecap",
    "stroke-linejoin",
    "stroke-dasharray",
    "stroke-dashoffset",
    "stroke-miterlimit",
    "opacity",
    "color",
    "display",
    "visibility",
    "overflow",
    "clip-path",
    "clip-rule",
    "marker-start",
    "marker-mid",
    "marker-end",
    "paint-order",
    "vector-effect",
    "shape-rendering",
    "text-rendering",
    "font-family",
    "font-size",
    "font-weight",
    "font-style",
    "text-anchor",
    "text-decoration",
    "dominant-baseline",
    "alignment-baseline",
    "baseline-shift",
    "letter-spacing",
    "word-spacing",
    "writing-mode",
];

/// Attributes whose value is plain words or a name, never read as CSS.
pub(super) const PLAIN_ATTRIBUTES: &[&str] = &["id", "class", "role", "lang", "version"];

/// What CSS must not hold besides at-rules, each with the reason given to the editor. `url(` is
/// checked on its own: `url(#id)`, a gradient or clip inside the figure, is fine.
pub(super) const FORBIDDEN_CSS: &[(&str, &str)] = &[
    (
        "expression(",
        "an `expression(`, which runs script in old browsers",
    ),
    ("javascript:", "a `javascript:` address"),
    ("image(", "an `image(`, which loads a picture"),
    ("image-set(", "an `image-set(`, which loads a picture"),
    ("src(", "a `src(`, which loads a file"),
];
