#!/bin/sh
# Start Chromium in kiosk mode on the local kiosk app (run by kiosk-browser.service under cage).
# Flags: full screen with no way out; no pinch-zoom, no swipe back/forward, no error dialogs, no
# translation prompts, no first-run or restore bubbles, no update checks; audio may start without a tap
# (a blind traveller moving by keys hears each new page announce itself). The managed policy
# (deploy/chromium/kiosk-policy.json) limits navigation to the local app's address.
set -eu

URL="${KIOSK_LOCAL_URL:-http://127.0.0.1:8000}/"
PROFILE="${KIOSK_BROWSER_PROFILE:-$HOME/chromium}"
mkdir -p "$PROFILE/Default"

# After a power cut or a watchdog restart Chromium would offer to "restore pages": mark the last
# exit as clean so it simply starts.
PREFS="$PROFILE/Default/Preferences"
if [ -f "$PREFS" ]; then
    sed -i -e 's/"exit_type":"[^"]*"/"exit_type":"Normal"/' -e 's/"exited_cleanly":false/"exited_cleanly":true/' "$PREFS"
fi

exec /usr/bin/chromium \
    --kiosk "$URL" \
    --ozone-platform=wayland \
    --user-data-dir="$PROFILE" \
    --no-first-run \
    --noerrdialogs \
    --disable-infobars \
    --disable-session-crashed-bubble \
    --hide-crash-restore-bubble \
    --disable-pinch \
    --overscroll-history-navigation=0 \
    --disable-features=Translate,TranslateUI,OverscrollHistoryNavigation,TouchpadOverscrollHistoryNavigation,MediaRouter \
    --disable-translate \
    --disable-pull-to-refresh-effect \
    --touch-events=enabled \
    --disable-component-update \
    --check-for-update-interval=31536000 \
    --disable-background-networking \
    --disable-sync \
    --autoplay-policy=no-user-gesture-required \
    --password-store=basic
