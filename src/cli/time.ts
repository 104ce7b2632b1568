// The CLI prints moments in the one style the model card shares (src/shared/utcTime.ts).
export { formatTime } from '../shared/utcTime';
