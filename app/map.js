// The map's glue, loaded only when the map first opens (src/map/glue.rs injects this file).
// It loads Leaflet, leaflet.markercluster and topojson-client from beside itself (copied from
// npm by trunk: no CDN), draws the countries from world-atlas as the base layer (no tile
// server), and shows what the app hands it. The app decides; this file only draws.
//   ladeklarMap.open(element, viewJson, onMove, onStar) → Promise: the map in `element`, at
//     {lat, lon, zoom} or {bbox: [w, s, e, n]}, over the deployment's tiles when the view has
//     tiles: {url, attribution} (else over the country outlines); onMove("w,s,e,n") after the map moved;
//     onStar(id) when a card's star is tapped (the app stars or unstars, then shows again).
//   ladeklarMap.show(json): {pins: [{id, name, lat, lon, state, stateWord, plugs, price,
//     href, fav, estimate?}], me: [lat, lon] | null, clusterTitle: "{free} of {total} …", open: "…",
//     star: "…", unstar: "…"}.
//   ladeklarMap.goTo(lat, lon)   ladeklarMap.close()   ladeklarMap.ids() → the chargers shown
//   ladeklarMap.zoom()
(function () {
  'use strict';
  const base = document.currentScript.src.replace(/[^/]*$/, '');
  let ready = null;
  let map = null;
  let cluster = null;
  let me = null;
  let moveTimer = null;
  let starred = () => {};

  function script(src) {
    return new Promise((resolve, reject) => {
      const s = document.createElement('script');
      s.src = base + src;
      s.onload = resolve;
      s.onerror = () => reject(new Error('could not load ' + src));
      document.head.appendChild(s);
    });
  }

  function style(href) {
    const l = document.createElement('link');
    l.rel = 'stylesheet';
    l.href = base + href;
    document.head.appendChild(l);
  }

  function load() {
    if (!ready) {
      style('leaflet.css');
      style('MarkerCluster.css');
      ready = script('leaflet.js')
        .then(() => Promise.all([script('leaflet.markercluster.js'), script('topojson-client.min.js')]))
        .then(() => fetch(base + 'countries-50m.json'))
        .then((r) => {
          if (!r.ok) throw new Error('countries: HTTP ' + r.status);
          return r.json();
        })
        .then((topo) => unwrap(window.topojson.feature(topo, topo.objects.countries)))
        .catch((e) => {
          ready = null;
          throw e;
        });
    }
    return ready;
  }

  // Rings that cross the antimeridian (Russia, Fiji) are moved east of it, so Leaflet does
  // not draw them as bands across the whole world.
  function unwrap(countries) {
    const fix = (ring) => {
      if (ring.some((p) => p[0] > 170) && ring.some((p) => p[0] < -170)) {
        for (const p of ring) if (p[0] < 0) p[0] += 360;
      }
    };
    for (const f of countries.features) {
      const g = f.geometry;
      if (!g) continue;
      const polygons = g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : [];
      for (const polygon of polygons) polygon.forEach(fix);
    }
    return countries;
  }

  function escapeHtml(text) {
    const div = document.createElement('div');
    div.textContent = text;
    return div.innerHTML;
  }

  // The box the app asks the server for: the view, at most 30° × 60° around its centre.
  function box() {
    const b = map.getBounds();
    const c = map.getCenter();
    const clamp = (v, lo, hi) => Math.min(hi, Math.max(lo, v));
    const west = clamp(Math.max(b.getWest(), c.lng - 29.9), -180, 180);
    const east = clamp(Math.min(b.getEast(), c.lng + 29.9), -180, 180);
    const south = clamp(Math.max(b.getSouth(), c.lat - 14.9), -90, 90);
    const north = clamp(Math.min(b.getNorth(), c.lat + 14.9), -90, 90);
    return [west, south, east, north].map((v) => v.toFixed(5)).join(',');
  }

  function open(element, viewJson, onMove, onStar) {
    return load().then((countries) => {
      close();
      starred = onStar || (() => {});
      const view = JSON.parse(viewJson);
      map = L.map(element, { minZoom: 3, maxZoom: 18, worldCopyJump: false, zoomSnap: 0.5 });
      map.attributionControl.setPrefix(false);
      if (view.tiles && view.tiles.url) {
        // Leaflet reads attributions as HTML: the configured credit is text.
        L.tileLayer(view.tiles.url, { attribution: escapeHtml(view.tiles.attribution || ''), maxZoom: 19 }).addTo(map);
      } else {
        map.attributionControl.addAttribution('Natural Earth');
        L.geoJSON(countries, {
          interactive: false,
          style: { color: '#7c918a', weight: 1, fillColor: '#e9efe9', fillOpacity: 1 },
        }).addTo(map);
      }
      cluster = L.markerClusterGroup({
        showCoverageOnHover: false,
        maxClusterRadius: 50,
        iconCreateFunction: clusterIcon,
        // No split/merge animation: with thousands of pins in view it lays the page out
        // again for every cluster on each zoom (benches/finder: zoom at 10,000 sites).
        animate: false,
      });
      map.addLayer(cluster);
      map.on('popupclose', () => {
        if (!pending) return;
        const json = pending;
        pending = null;
        setTimeout(() => show(json), 0);
      });
      map.on('moveend', () => {
        clearTimeout(moveTimer);
        moveTimer = setTimeout(() => onMove(box()), 350);
      });
      if (view.bbox) {
        const [w, s, e, n] = view.bbox;
        map.fitBounds([
          [s, w],
          [n, e],
        ]);
      } else {
        map.setView([view.lat, view.lon], view.zoom || 12);
      }
    });
  }

  let texts = { clusterTitle: '{free} of {total}', open: 'Open', star: 'Star', unstar: 'Unstar' };

  function clusterIcon(c) {
    const pins = c.getAllChildMarkers();
    const free = pins.filter((m) => m.options.state === 'available').length;
    const total = pins.length;
    const size = total < 10 ? 40 : total < 100 ? 48 : 56;
    const div = document.createElement('div');
    div.className = 'map-cluster' + (free > 0 ? ' map-cluster-free' : '');
    div.title = texts.clusterTitle.replace('{free}', free).replace('{total}', total);
    div.setAttribute('data-testid', 'map-cluster');
    div.setAttribute('data-free', String(free));
    div.setAttribute('data-total', String(total));
    const span = document.createElement('span');
    span.textContent = free + '/' + total;
    div.appendChild(span);
    return L.divIcon({ html: div, className: '', iconSize: [size, size] });
  }

  function card(pin) {
    const root = document.createElement('div');
    root.className = 'map-card';
    root.setAttribute('data-testid', 'map-card');
    const add = (tag, cls, text) => {
      const el = document.createElement(tag);
      el.className = cls;
      el.textContent = text;
      root.appendChild(el);
      return el;
    };
    const star = add('button', 'star map-star', pin.fav ? '★' : '☆');
    star.type = 'button';
    star.setAttribute('data-testid', 'map-favourite');
    star.setAttribute('aria-pressed', String(!!pin.fav));
    star.setAttribute('aria-label', pin.fav ? texts.unstar : texts.star);
    star.title = pin.fav ? texts.unstar : texts.star;
    star.addEventListener('click', (e) => {
      e.preventDefault();
      e.stopPropagation();
      starred(pin.id);
    });
    add('strong', 'map-card-title', pin.name);
    add('span', 'map-state map-state-' + pin.state, pin.stateWord);
    add('p', 'map-card-plugs', pin.plugs);
    add('p', 'map-card-price', pin.price);
    if (pin.estimate) add('p', 'map-card-estimate', pin.estimate);
    const link = add('a', 'map-card-link', texts.open);
    link.href = pin.href;
    link.setAttribute('data-testid', 'map-card-link');
    return root;
  }

  function pinIcon(pin) {
    const dot = document.createElement('div');
    dot.className = 'map-pin map-pin-' + pin.state;
    dot.title = pin.name + ' · ' + pin.stateWord;
    dot.setAttribute('data-testid', 'map-pin');
    dot.setAttribute('data-charger-id', pin.id);
    dot.setAttribute('data-state', pin.state);
    return L.divIcon({ html: dot, className: '', iconSize: [26, 26] });
  }

  // Markers by charger id: a new result set updates them in place, so an open card, a
  // spiderfied cluster and the view survive the list's refresh.
  const markers = new Map();

  // A result set that came while a card was open: applied when it closes, since changing the
  // clusters would close it (a map's pan to show the card asks for a new box).
  let pending = null;

  function show(json) {
    if (!map) return;
    const data = JSON.parse(json);
    texts = data;
    const open = [...markers.values()].find((m) => m.isPopupOpen());
    const stays = open && data.pins.find((p) => p.id === open.options.id);
    if (stays) {
      pending = json;
      if (JSON.stringify(open.options.pin) !== JSON.stringify(stays)) {
        open.options.pin = stays;
        open.getPopup().setContent(card(stays));
      }
      return;
    }
    pending = null;
    const seen = new Set();
    const added = [];
    let restyled = false;
    for (const pin of data.pins) {
      seen.add(pin.id);
      const old = markers.get(pin.id);
      if (!old) {
        const marker = L.marker([pin.lat, pin.lon], { icon: pinIcon(pin), id: pin.id, pin, state: pin.state, title: pin.name, alt: pin.name });
        marker.bindPopup(() => card(marker.options.pin), { minWidth: 200, maxWidth: 280 });
        markers.set(pin.id, marker);
        added.push(marker);
        continue;
      }
      const was = old.options.pin;
      old.options.pin = pin;
      old.options.state = pin.state;
      if (was.lat !== pin.lat || was.lon !== pin.lon) old.setLatLng([pin.lat, pin.lon]);
      if (was.state !== pin.state || was.stateWord !== pin.stateWord || was.name !== pin.name) {
        old.setIcon(pinIcon(pin));
        restyled = true;
      }
    }
    const gone = [];
    for (const [id, marker] of markers) {
      if (!seen.has(id)) {
        gone.push(marker);
        markers.delete(id);
      }
    }
    if (gone.length) cluster.removeLayers(gone);
    if (added.length) cluster.addLayers(added);
    if (restyled) cluster.refreshClusters();
    if (me) {
      me.remove();
      me = null;
    }
    if (data.me) {
      me = L.circleMarker(data.me, { radius: 8, color: '#fff', weight: 3, fillColor: '#1f6feb', fillOpacity: 1 })
        .bindTooltip(data.meWord)
        .addTo(map);
    }
  }

  function goTo(lat, lon) {
    if (map) map.setView([lat, lon], Math.max(map.getZoom(), 11));
  }

  function close() {
    clearTimeout(moveTimer);
    pending = null;
    if (map) map.remove();
    markers.clear();
    map = null;
    cluster = null;
    me = null;
  }

  // The ids of the chargers on the map, clustered or not (for tests and diagnostics).
  function ids() {
    return [...markers.keys()];
  }

  function zoom() {
    return map ? map.getZoom() : null;
  }

  window.ladeklarMap = { open, show, goTo, close, ids, zoom };
})();
