import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { bridge } from './bridge/bridge';
import { countPlays } from './player/playCounter';
import { startPlayback } from './player/playbackController';
import { followWindowTitle } from './player/windowTitle';
import { useAppStore } from './store/appStore';
import { connectToHost } from './store/hostEvents';
import { persistPreferences } from './store/preferences';
import { persistQueue } from './store/queuePersistence';
import './styles/base.css';
import './styles/layout.css';
import './styles/controls.css';
import './styles/trackList.css';
import './styles/browse.css';
import './styles/nowPlaying.css';
import './styles/panels.css';
import './styles/market.css';
import './styles/queue.css';
import './styles/nowPlayingView.css';

persistPreferences(useAppStore);
persistQueue(useAppStore, bridge);
startPlayback(useAppStore, bridge);
countPlays(useAppStore, bridge);
followWindowTitle(useAppStore);
connectToHost(useAppStore, bridge);

const container = document.getElementById('root');
if (!container) throw new Error('The page has no #root element.');
createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
