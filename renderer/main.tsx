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
import './styles/search.css';
import './styles/nowPlaying.css';
import './styles/panels.css';
import './styles/market.css';
import './styles/detailPages.css';
import './styles/narrowLayout.css';
import './styles/unlockFeedback.css';
import './styles/catalogueArtist.css';
import './styles/publishOnce.css';
import 'uplot/dist/uPlot.min.css';
import './styles/earnings.css';
import './styles/walletSetup.css';
import './styles/folderBrowser.css';
import './styles/playlists.css';
import './styles/queue.css';
import './styles/nowPlayingView.css';
import './styles/trackColumns.css';
import './styles/connectionStatus.css';
import './styles/playbackSettings.css';

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
