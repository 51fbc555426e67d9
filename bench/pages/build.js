// Loads the element from the build named in ?src=, then sets it up as element.js does.
await import(new URLSearchParams(location.search).get('src'));
await import('/bench/element.js');
