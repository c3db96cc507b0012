import '@xyflow/react/dist/style.css';
import './journeys/journeys.css';
import { useApp } from '../state/app-store.ts';
import { JourneyDetail } from './journeys/journey-detail.tsx';
import { JourneyList } from './journeys/journey-list.tsx';

/** Journeys: the list, or one journey (its map, check, preview and test) when one is in focus. */
export function JourneysScreen() {
  const journeyId = useApp((state) => state.focus.journeyId);
  return journeyId === undefined ? <JourneyList /> : <JourneyDetail key={journeyId} id={journeyId} />;
}
